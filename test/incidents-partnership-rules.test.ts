/**
 * Issue 9's incidents rules with two police and two advocacy agencies configured, through the gateway:
 * agencies are configuration (normalized, unknown ones refused without echoing them), a derived
 * boolean carries the class of what it reveals, records that change keep their past, and
 * partnership-wide coordinators review candidates of every agency.
 */
import { codes, ok, startTestHub, type TestHub } from './harness/hub';
import { incidentInput, RECORD, type RecordResult } from './fixtures/incidents';

const FIRST = 'NC0410200';
const SECOND = 'NC0410300';
const ENV = { POLICE_AGENCIES: `${FIRST},${SECOND}`, ADVOCACY_AGENCIES: `ADV-FSP-01=${FIRST};ADV-OTHER-01=${SECOND}` };

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ env: ENV });
});
afterAll(() => t.stop());

const record = (input: Record<string, unknown>, agency = FIRST) => t.query<RecordResult>('OFFICER', RECORD, { input }, { agency });
const ORDER = `mutation($input: RecordProtectiveOrderInput!) { recordProtectiveOrder(input: $input) { created protectiveOrder { id agencyOri version expiresOn restrainedOffender { id } } } }`;
type OrderResult = {
  recordProtectiveOrder: {
    created: boolean;
    protectiveOrder: { id: string; agencyOri: string; version: number; expiresOn: string; restrainedOffender: { id: string } };
  };
};
const counts = async () =>
  (
    await t.sql<Record<string, number>>(
      'incidents',
      `SELECT (SELECT count(*)::int FROM offender) AS offenders, (SELECT count(*)::int FROM protective_order) AS orders,
  (SELECT count(*)::int FROM protective_order_version) AS versions, (SELECT count(*)::int FROM person_link_candidate) AS candidates`,
    )
  )[0];

describe('agencies are configuration', () => {
  it('normalizes a partner agency given in lower case (nc0410300 is NC0410300), in recordIncident and in the incident filter', async () => {
    const res = ok(await record(incidentInput({ agencyOri: ' nc0410300 ' }), SECOND));
    const id = res.recordIncident.incident.id;
    expect(await t.sql('incidents', 'SELECT agency_ori FROM incident WHERE id = $1', [id])).toEqual([{ agency_ori: SECOND }]);
    const list = await t.query<{ incidents: { edges: { node: { id: string; agencyOri: string } }[] } }>(
      'PROSECUTOR',
      '{ incidents(first: 100, filter: { agencyOri: "nc0410300" }) { edges { node { id agencyOri } } } }',
    );
    const nodes = ok(list).incidents.edges.map((e) => e.node);
    expect(nodes.map((n) => n.id)).toContain(id);
    expect(new Set(nodes.map((n) => n.agencyOri))).toEqual(new Set([SECOND]));
  });

  it.each([
    ['recordIncident.agencyOri', 'input.agencyOri', () => record(incidentInput({ agencyOri: 'nc0419999' }), FIRST)],
    [
      'recordProtectiveOrder.agencyOri',
      'input.agencyOri',
      () => t.query('OFFICER', ORDER, { input: orderInput({ agencyOri: 'NC0419999' }) }, { agency: FIRST }),
    ],
    ['IncidentFilter.agencyOri', 'filter.agencyOri', () => t.query('PROSECUTOR', '{ incidents(first: 5, filter: { agencyOri: "nc0419999" }) { totalCount } }')],
  ] as const)('refuses an agency that is not a partner police agency in %s: BAD_USER_INPUT naming %s, the value nowhere', async (_, field, call) => {
    const before = await counts();
    const res = await call();
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.extensions!.field).toBe(field);
    expect(res.errors![0]!.message).toBe(`${field}: is not a police agency of the partnership`);
    expect(res.text.toUpperCase()).not.toContain('NC0419999');
    expect(await counts()).toEqual(before);
  });

  it('refuses an advocacy agency as an incident agency, and a partner agency the officer may not record for', async () => {
    const adv = await t.query('PROSECUTOR', '{ incidents(first: 5, filter: { agencyOri: "ADV-FSP-01" }) { totalCount } }');
    expect([codes(adv), adv.errors![0]!.extensions!.field]).toEqual([['BAD_USER_INPUT'], 'filter.agencyOri']);
    const other = await record(incidentInput({ agencyOri: SECOND }), FIRST);
    expect([codes(other), other.errors![0]!.extensions!.field, other.errors![0]!.message]).toEqual([
      ['BAD_USER_INPUT'],
      'input.agencyOri',
      'input.agencyOri: is not an agency you may record for',
    ]);
  });
});

describe('Incident.protectiveOrderViolation has the class of what it reveals (a G.S. 50B-4.1 charge)', () => {
  it('is criminal-justice information: police read it, an advocate of the served agency gets null and FORBIDDEN', async () => {
    const input = incidentInput({
      offenses: ['13B', '90Z'],
      charges: [{ statute: '50B-4.1(a)', description: 'Violation of a valid protective order', dvRelated: true, felony: false }],
    });
    const id = ok(await record(input)).recordIncident.incident.id;
    const q = 'query($id: ID!) { incident(id: $id) { id offenses { code } protectiveOrderViolation } }';
    expect(
      ok(await t.query<{ incident: { protectiveOrderViolation: boolean } }>('OFFICER', q, { id }, { agency: FIRST })).incident.protectiveOrderViolation,
    ).toBe(true);
    const adv = await t.query<{ incident: Record<string, unknown> }>('ADVOCATE', q, { id }, { agency: 'ADV-FSP-01' });
    expect(adv.data!.incident).toEqual({ id, offenses: [{ code: '13B' }, { code: '90Z' }], protectiveOrderViolation: null });
    expect(codes(adv)).toEqual(['FORBIDDEN']);
    expect(adv.errors![0]!.path).toEqual(['incident', 'protectiveOrderViolation']);
  });
});

let orderSerial = 0;
function orderInput(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    agencyOri: FIRST,
    orderNumber: `26CVD9${String(++orderSerial).padStart(5, '0')}`,
    orderType: 'EX_PARTE',
    court: 'Guilford County District Court',
    issuedOn: '2026-01-10',
    expiresOn: '2027-01-10',
    restrainedOffender: { name: 'Robin Restrained', dateOfBirth: '1980-08-08' },
    protectedParty: { name: 'Pat Protected', dateOfBirth: '1985-05-05' },
    ...over,
  };
}

describe('records that change keep their past', () => {
  it('answers CONFLICT, writing nothing, when an order number is recorded again for another restrained or protected person', async () => {
    const input = orderInput();
    const first = ok(await t.query<OrderResult>('OFFICER', ORDER, { input }, { agency: FIRST })).recordProtectiveOrder.protectiveOrder;
    for (const over of [
      { restrainedOffender: { name: 'Someone Else', dateOfBirth: '1980-08-08' } },
      { restrainedOffender: { name: 'Robin Restrained', dateOfBirth: '1981-08-08' } },
      { protectedParty: { name: 'Another Protected', dateOfBirth: '1985-05-05' } },
    ]) {
      const before = await counts();
      const res = await t.query('OFFICER', ORDER, { input: { ...input, ...over } }, { agency: FIRST });
      expect(codes(res)).toEqual(['CONFLICT']);
      expect(await counts()).toEqual(before);
    }
    const stored = await t.sql('incidents', 'SELECT restrained_offender_id, protected_party_name, version FROM protective_order WHERE id = $1', [first.id]);
    expect(stored).toEqual([{ restrained_offender_id: first.restrainedOffender.id, protected_party_name: 'Pat Protected', version: 1 }]);
  });

  it('keeps the previous version of an order whose details change (same people, spelled either way)', async () => {
    const input = orderInput();
    const v1 = ok(await t.query<OrderResult>('OFFICER', ORDER, { input }, { agency: FIRST })).recordProtectiveOrder.protectiveOrder;
    const changed = { ...input, orderType: 'FINAL', expiresOn: '2028-01-10', restrainedOffender: { name: 'RESTRAINED, Robin', dateOfBirth: '1980-08-08' } };
    const v2 = ok(await t.query<OrderResult>('OFFICER', ORDER, { input: changed }, { agency: FIRST })).recordProtectiveOrder;
    expect(v2).toMatchObject({
      created: false,
      protectiveOrder: { id: v1.id, version: 2, expiresOn: '2028-01-10', restrainedOffender: { id: v1.restrainedOffender.id } },
    });
    const kept = await t.sql<{ version: number; record: Record<string, unknown> }>(
      'incidents',
      'SELECT version, record FROM protective_order_version WHERE order_id = $1',
      [v1.id],
    );
    expect(kept).toEqual([
      { version: 1, record: expect.objectContaining({ order_type: 'EX_PARTE', expires_on: '2027-01-10', restrained_offender_id: v1.restrainedOffender.id }) },
    ]);
    const again = ok(await t.query<OrderResult>('OFFICER', ORDER, { input: changed }, { agency: FIRST })).recordProtectiveOrder.protectiveOrder;
    expect(again.version).toBe(2);
  });

  it('never re-points an incident silently: the same RMS number with another offender is an amendment that keeps the previous version', async () => {
    const input = incidentInput();
    const v1 = ok(await record(input)).recordIncident.incident;
    const v2 = ok(await record({ ...input, offender: { name: 'Other Person', dateOfBirth: '1977-07-07' } })).recordIncident;
    expect(v2).toMatchObject({ created: false, amended: true, incident: { id: v1.id, version: 2 } });
    const versions = await t.query<{ incident: { versions: { changedFields: string[]; snapshot: string }[] } }>(
      'OFFICER',
      'query($id: ID!) { incident(id: $id) { versions { changedFields snapshot } } }',
      { id: v1.id },
    );
    const [prev] = ok(versions).incident.versions;
    expect(prev!.changedFields).toContain('offender');
    expect(JSON.parse(prev!.snapshot).offender.id).toBe(v1.offenders[0]!.id);
  });
});

describe('partnership-wide coordinators', () => {
  const COORD = 'NC0410400';
  let p: TestHub;
  beforeAll(async () => {
    p = await startTestHub({ env: { ...ENV, POLICE_AGENCIES: `${FIRST},${SECOND},${COORD}`, COORDINATION_AGENCIES: COORD } });
  });
  afterAll(() => p.stop());

  it("review the candidates of every agency (seeing only the records their own row scope allows); their agency's other roles do not", async () => {
    const person = { name: 'Morgan Across', dateOfBirth: '1988-03-03' };
    ok(await p.query<RecordResult>('OFFICER', RECORD, { input: incidentInput({ offender: person }) }, { agency: FIRST }));
    ok(await p.query<RecordResult>('OFFICER', RECORD, { input: incidentInput({ agencyOri: SECOND, offender: person }) }, { agency: SECOND }));
    const LIST =
      '{ personLinkCandidates(first: 5) { totalCount edges { node { id existing { agency offender { id } } proposed { agency offender { id } } } } } }';
    type L = {
      personLinkCandidates: {
        totalCount: number;
        edges: { node: { id: string; existing: { agency: string; offender: unknown }; proposed: { agency: string; offender: unknown } } }[];
      };
    };
    expect(ok(await p.query<L>('OFFICER', LIST, {}, { agency: COORD })).personLinkCandidates.totalCount).toBe(0);
    const list = ok(await p.query<L>('COORDINATOR', LIST, {}, { agency: COORD })).personLinkCandidates;
    expect(list.edges.map((e) => e.node)).toEqual([
      { id: expect.any(String), existing: { agency: FIRST, offender: null }, proposed: { agency: SECOND, offender: null } },
    ]);
    const res = await p.query<{ confirmPersonLink: { link: { linkedByAgency: string } } }>(
      'COORDINATOR',
      'mutation($input: ConfirmPersonLinkInput!) { confirmPersonLink(input: $input) { link { linkedByAgency } } }',
      { input: { candidateId: list.edges[0]!.node.id, justification: 'Partnership review: same person' } },
      { agency: COORD },
    );
    expect(ok(res).confirmPersonLink.link.linkedByAgency).toBe(COORD);
  });
});
