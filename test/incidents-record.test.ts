/** Recording incidents through the gateway: find them, idempotency, amendments, field-named errors, atomicity, audit. */
import { codes, startTestHub, type TestHub } from './harness/hub';
import { incidentInput, RECORD, tableCounts, type RecordResult } from './fixtures/incidents';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.stop());

const record = (input: Record<string, unknown>, role: 'OFFICER' | 'ADVOCATE' = 'OFFICER') => t.query<RecordResult>(role, RECORD, { input });

describe('recordIncident', () => {
  it('records an incident an officer then finds with incidents(filter) and offender { incidents }', async () => {
    const input = incidentInput({ offenses: ['13A'], weapon: '20', injury: 'L', charges: [] });
    const res = await record(input);
    expect(res.errors).toBeUndefined();
    const { created, incident } = res.data!.recordIncident;
    expect(created).toBe(true);
    expect(incident).toMatchObject({ rmsNumber: input.rmsNumber, version: 1, isIntimatePartner: true, narrative: input.narrative });

    const list = await t.query<{ incidents: { edges: { node: { id: string } }[] } }>(
      'OFFICER',
      'query($f: IncidentFilter) { incidents(first: 100, filter: $f) { edges { node { id } } } }',
      { f: { offenseCode: '13A', intimatePartnerOnly: true, from: new Date(Date.parse(String(input.occurredAt)) - 1000).toISOString() } },
    );
    expect(list.data!.incidents.edges.map((e) => e.node.id)).toContain(incident.id);

    const offenderId = incident.offenders[0]!.id;
    const byOffender = await t.query<{ offender: { name: string; incidents: { totalCount: number; edges: { node: { id: string } }[] } } }>(
      'OFFICER',
      'query($id: ID!) { offender(id: $id) { name incidents { totalCount edges { node { id } } } } }',
      { id: offenderId },
    );
    expect(byOffender.data!.offender.incidents).toEqual({ totalCount: 1, edges: [{ node: { id: incident.id } }] });
  });

  it('returns the same incident with created: false when the same agency + RMS number is recorded again, writing nothing', async () => {
    const input = incidentInput();
    const first = await record(input);
    const before = await tableCounts(t);
    const again = await record({ ...input, offender: { name: ` ${(input.offender as { name: string }).name.toUpperCase()} `, dateOfBirth: '1990-04-12' } });
    expect(again.errors).toBeUndefined();
    expect(again.data!.recordIncident).toMatchObject({ created: false, amended: false, incident: { id: first.data!.recordIncident.incident.id, version: 1 } });
    expect(await tableCounts(t)).toEqual(before);
  });

  it('treats a changed record as an amendment: a new version, the previous kept whole, INCIDENT_AMENDED in the outbox', async () => {
    const input = incidentInput();
    const { id } = (await record(input)).data!.recordIncident.incident;
    const changed = await record({ ...input, narrative: 'Amended narrative.', arrestMade: false, charges: [] });
    expect(changed.data!.recordIncident).toMatchObject({ created: false, amended: true, incident: { id, version: 2, narrative: 'Amended narrative.' } });

    const versions = await t.query<{ incident: { versions: { version: number; changedFields: string[]; snapshot: string }[] } }>(
      'OFFICER',
      'query($id: ID!) { incident(id: $id) { versions { version changedFields snapshot } } }',
      { id },
    );
    const [v1] = versions.data!.incident.versions;
    expect(v1!.version).toBe(1);
    expect(v1!.changedFields).toEqual(['arrestMade', 'charges', 'narrative']);
    expect(JSON.parse(v1!.snapshot)).toMatchObject({ narrative: input.narrative, arrestMade: true, charges: [{ statute: '14-33(c)(2)' }] });
    const events = await t.sql<{ type: string }>('incidents', 'SELECT type FROM incident_event WHERE incident_id = $1 ORDER BY seq', [id]);
    expect(events.map((e) => e.type)).toEqual(['INCIDENT_RECORDED', 'INCIDENT_AMENDED']);
    const charges = await t.sql('incidents', 'SELECT 1 FROM incident_charge WHERE incident_id = $1', [id]);
    expect(charges).toHaveLength(0);
  });

  it.each([
    ['an unknown NIBRS code', 'input.offenses[1]', { offenses: ['13B', '99X'] }],
    ['an impossible date', 'input.occurredAt', { occurredAt: '2026-02-30T21:40:00-05:00' }],
    ['a future occurredAt', 'input.occurredAt', { occurredAt: new Date(Date.now() + 86_400_000).toISOString() }],
    ['a crime against a person without a relationship code', 'input.relationshipCode', { relationshipCode: null }],
    ['an ORI of 8 characters', 'input.agencyOri', { agencyOri: 'NC041020' }],
    ['a victim born on 1990-02-30', 'input.victims[0].dateOfBirth', { victims: [{ name: 'A Person', dateOfBirth: '1990-02-30' }] }],
    [
      'a charge without a statute citation',
      'input.charges[0].statute',
      { charges: [{ statute: 'assault', description: 'x', dvRelated: true, felony: false }] },
    ],
  ] as const)('rejects %s with BAD_USER_INPUT naming %s, and writes nothing', async (_, field, over) => {
    const before = await tableCounts(t);
    const res = await record(incidentInput(over));
    expect(res.data ?? null).toBeNull(); // a malformed date is refused at the edge, before execution: no data at all
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.extensions!.field).toBe(field);
    expect(await tableCounts(t)).toEqual(before);
  });

  it('reports every problem of one input in one BAD_USER_INPUT: the first as field, each as `field: reason`, none of the values', async () => {
    const before = await tableCounts(t);
    const res = await record(
      incidentInput({
        offenses: ['13B', '99X'],
        relationshipCode: null,
        charges: [{ statute: 'assault', description: 'x', dvRelated: true, felony: false }],
      }),
    );
    expect(res.data).toBeNull();
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    const problems = [
      { field: 'input.offenses[1]', reason: 'is not a known NIBRS offense code' },
      { field: 'input.relationshipCode', reason: 'is required for a crime against a person (13B)' },
      { field: 'input.charges[0].statute', reason: 'is not a General Statutes citation, e.g. 14-33(c)(2)' },
    ];
    expect(res.errors![0]!.extensions!.field).toBe('input.offenses[1]');
    expect(res.errors![0]!.message).toBe(problems.map((p) => `${p.field}: ${p.reason}`).join('; '));
    expect(res.errors![0]!.extensions!.problems).toEqual(problems);
    expect(res.text).not.toContain('99X');
    expect(await tableCounts(t)).toEqual(before);
  });

  it('answers a malformed date the same inline and as a variable: BAD_USER_INPUT naming the field and the expected form', async () => {
    const literal = (v: unknown): string =>
      Array.isArray(v)
        ? `[${v.map(literal).join(', ')}]`
        : v !== null && typeof v === 'object'
          ? `{ ${Object.entries(v)
              .map(([k, x]) => `${k}: ${literal(x)}`)
              .join(', ')} }`
          : JSON.stringify(v);
    const input = incidentInput({ occurredAt: '2026-02-30T21:40:00-05:00', victims: [{ name: 'A Person', dateOfBirth: '1990-02-30' }] });
    const asVariable = await record(input);
    const inline = await t.query('OFFICER', `mutation { recordIncident(input: ${literal(input)}) { incident { id } } }`);
    const expected = [
      { field: 'input.occurredAt', reason: 'must be an ISO-8601 date and time with a zone, e.g. 2026-01-31T22:15:00Z' },
      { field: 'input.victims[0].dateOfBirth', reason: 'must be a real calendar date, YYYY-MM-DD' },
    ];
    for (const res of [asVariable, inline]) {
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0]!.extensions!.field).toBe('input.occurredAt');
      expect(res.errors![0]!.extensions!.problems).toEqual(expected);
      expect(res.errors![0]!.message).toBe(expected.map((p) => `${p.field}: ${p.reason}`).join('; '));
    }
  });

  it('rolls the whole write back when the database fails half-way: no offender, victim, charge or event is left', async () => {
    await t.sql('incidents', `CREATE OR REPLACE FUNCTION fail_probe() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'probe'; END $$`);
    await t.sql(
      'incidents',
      `CREATE TRIGGER fail_probe BEFORE INSERT ON incident_charge FOR EACH ROW WHEN (NEW.description = 'FAIL-PROBE') EXECUTE FUNCTION fail_probe()`,
    );
    try {
      const before = await tableCounts(t);
      const res = await record(incidentInput({ charges: [{ statute: '14-33(a)', description: 'FAIL-PROBE', dvRelated: true, felony: false }] }));
      expect(codes(res)).toEqual(['INTERNAL_SERVER_ERROR']);
      expect(res.text).not.toContain('probe');
      expect(await tableCounts(t)).toEqual(before);
    } finally {
      await t.sql('incidents', 'DROP TRIGGER fail_probe ON incident_charge');
    }
  });

  it('is a write of criminal-justice information: an advocate gets FORBIDDEN and nothing is written', async () => {
    const before = await tableCounts(t);
    const res = await record(incidentInput(), 'ADVOCATE');
    expect(codes(res)).toEqual(['FORBIDDEN']);
    expect(await tableCounts(t)).toEqual(before);
  });

  it('records an audit WRITE entry naming the incident', async () => {
    const { id } = (await record(incidentInput())).data!.recordIncident.incident;
    const rows = await t.sql<{ role: string; outcome: string }>(
      'incidents',
      `SELECT role, outcome FROM audit_event WHERE action = 'WRITE' AND field_path = 'Mutation.recordIncident' AND $1 = ANY(entity_ids)`,
      [id],
    );
    expect(rows).toEqual([{ role: 'OFFICER', outcome: 'WRITTEN' }]);
  });
});

describe('amendIncident', () => {
  const AMEND = `mutation($input: AmendIncidentInput!) { amendIncident(input: $input) { amended incident { id version narrative } } }`;

  it('amends from the version the caller saw, and answers CONFLICT for a stale version', async () => {
    const input = incidentInput();
    const { id } = (await record(input)).data!.recordIncident.incident;
    const ok = await t.query<{ amendIncident: { amended: boolean; incident: { version: number; narrative: string } } }>('OFFICER', AMEND, {
      input: { id, expectedVersion: 1, incident: { ...input, narrative: 'Second version.' } },
    });
    expect(ok.data!.amendIncident).toMatchObject({ amended: true, incident: { version: 2, narrative: 'Second version.' } });
    const stale = await t.query('OFFICER', AMEND, { input: { id, expectedVersion: 1, incident: { ...input, narrative: 'Third?' } } });
    expect(codes(stale)).toEqual(['CONFLICT']);
    const same = await t.query<{ amendIncident: { amended: boolean } }>('OFFICER', AMEND, {
      input: { id, incident: { ...input, narrative: 'Second version.' } },
    });
    expect(same.data!.amendIncident.amended).toBe(false);
  });

  it('refuses to change the RMS number that identifies the incident', async () => {
    const input = incidentInput();
    const { id } = (await record(input)).data!.recordIncident.incident;
    const res = await t.query('OFFICER', AMEND, { input: { id, incident: { ...input, rmsNumber: 'OTHER-1' } } });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.extensions!.field).toBe('input.incident.rmsNumber');
  });

  it('amends an incident stored before the full model (no canonical record), keeping that version', async () => {
    const input = incidentInput();
    const { id } = (await record(input)).data!.recordIncident.incident;
    await t.sql('incidents', 'UPDATE incident SET record = NULL, content_hash = NULL WHERE id = $1', [id]);
    const screen = await t.query('OFFICER', `mutation($input: RecordLethalityScreenInput!) { recordLethalityScreen(input: $input) { created } }`, {
      input: { incidentId: id, screen: { usedWeapon: true, threatenedToKill: false, thinksMightKill: false } },
    });
    expect(codes(screen)).toEqual(['CONFLICT']);
    const res = await t.query<{ amendIncident: { amended: boolean; incident: { version: number } } }>('OFFICER', AMEND, { input: { id, incident: input } });
    expect(res.data!.amendIncident).toMatchObject({ amended: true, incident: { version: 2 } });
    const [v1] = await t.sql<{ record: unknown }>('incidents', 'SELECT record FROM incident_version WHERE incident_id = $1', [id]);
    expect(v1).toEqual({ record: null });
  });

  it('names the nested field of a bad amendment', async () => {
    const input = incidentInput();
    const { id } = (await record(input)).data!.recordIncident.incident;
    const res = await t.query('OFFICER', AMEND, { input: { id, incident: { ...input, offenses: ['13B', '13Q'] } } });
    expect(res.errors![0]!.extensions!.field).toBe('input.incident.offenses[1]');
  });
});
