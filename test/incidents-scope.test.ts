/** Row scope and field classes on incidents: own agency only; advocates see referrals without criminal-justice fields. */
import { randomUUID } from 'node:crypto';
import { codes, startTestHub, withoutRequestIds, type TestHub } from './harness/hub';
import { incidentInput, RECORD, type RecordResult } from './fixtures/incidents';

const OTHER = 'NC0410300';
let t: TestHub;
let mine: RecordResult['recordIncident']['incident'];
let theirs: RecordResult['recordIncident']['incident'];
let familyCase: RecordResult['recordIncident']['incident'];

beforeAll(async () => {
  t = await startTestHub({ env: { POLICE_AGENCIES: `NC0410200,${OTHER}`, ADVOCACY_AGENCIES: 'ADV-FSP-01=NC0410200' } });
  const rec = async (input: Record<string, unknown>, agency?: string) =>
    (await t.query<RecordResult>('OFFICER', RECORD, { input }, { agency })).data!.recordIncident.incident;
  mine = await rec(incidentInput());
  theirs = await rec(incidentInput({ agencyOri: OTHER, narrative: 'Other agency narrative.' }), OTHER);
  familyCase = await rec(incidentInput({ relationshipCode: 'PA' }));
});
afterAll(() => t.stop());

const BY_ID = `query($id: ID!) { incident(id: $id) { id rmsNumber narrative } }`;

describe('row scope', () => {
  it("answers another agency's incident exactly like a missing one", async () => {
    const other = await t.query('OFFICER', BY_ID, { id: theirs.id });
    const missing = await t.query('OFFICER', BY_ID, { id: randomUUID() });
    expect(other.data).toEqual({ incident: null });
    expect(other.status).toBe(missing.status);
    expect(withoutRequestIds(other.text)).toBe(withoutRequestIds(missing.text));
    expect(other.text).not.toContain(theirs.rmsNumber);
    // A malformed id names nothing that could exist: refused as bad input (issue 12.2), not looked up.
    const malformed = await t.query('OFFICER', BY_ID, { id: 'not-an-id' });
    expect(malformed.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  it("answers another agency's offender exactly like a missing one, and keeps it out of lists", async () => {
    const doc = `query($id: ID!) { offender(id: $id) { id name } }`;
    const other = await t.query('OFFICER', doc, { id: theirs.offenders[0]!.id });
    const missing = await t.query('OFFICER', doc, { id: randomUUID() });
    expect(withoutRequestIds(other.text)).toBe(withoutRequestIds(missing.text));
    const list = await t.query<{ offenders: { edges: { node: { id: string } }[] } }>('OFFICER', '{ offenders(first: 100) { edges { node { id } } } }');
    const ids = list.data!.offenders.edges.map((e) => e.node.id);
    expect(ids).toContain(mine.offenders[0]!.id);
    expect(ids).not.toContain(theirs.offenders[0]!.id);
  });

  it("cannot amend, screen or record for another agency's incident: the same answer as a missing id", async () => {
    const doc = `mutation($input: RecordLethalityScreenInput!) { recordLethalityScreen(input: $input) { created } }`;
    const screen = { usedWeapon: false, threatenedToKill: false, thinksMightKill: false };
    const other = await t.query('OFFICER', doc, { input: { incidentId: theirs.id, screen } });
    const missing = await t.query('OFFICER', doc, { input: { incidentId: randomUUID(), screen } });
    expect(codes(other)).toEqual(['BAD_USER_INPUT']);
    expect(other.errors![0]!.message).toBe(missing.errors![0]!.message);
    const amend = `mutation($input: AmendIncidentInput!) { amendIncident(input: $input) { amended } }`;
    const otherAmend = await t.query('OFFICER', amend, { input: { id: theirs.id, incident: incidentInput({ agencyOri: OTHER }) } });
    const missingAmend = await t.query('OFFICER', amend, { input: { id: randomUUID(), incident: incidentInput({ agencyOri: OTHER }) } });
    expect(otherAmend.errors![0]!.extensions!.field).toBe('input.id');
    expect(otherAmend.errors![0]!.message).toBe(missingAmend.errors![0]!.message);
    const record = await t.query('OFFICER', RECORD, { input: incidentInput({ agencyOri: OTHER }) });
    expect(record.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.agencyOri' });
  });

  it('lets the other agency see its own incident', async () => {
    const res = await t.query<{ incident: { narrative: string } }>('OFFICER', BY_ID, { id: theirs.id }, { agency: OTHER });
    expect(res.data!.incident.narrative).toBe('Other agency narrative.');
  });
});

describe('advocates', () => {
  const FULL = `query($id: ID!) { incident(id: $id) { id rmsNumber occurredAt narrative charges { statute } victims { name phone } lethalityScreen { screenedIn } offenders { name } version } }`;

  it('see a referred incident with victims and offender but narrative, charges and version null with FORBIDDEN', async () => {
    const res = await t.query<{ incident: Record<string, unknown> }>('ADVOCATE', FULL, { id: mine.id });
    expect(res.data!.incident).toMatchObject({ id: mine.id, rmsNumber: mine.rmsNumber, narrative: null, charges: null, version: null });
    expect(res.data!.incident.victims).toEqual([expect.objectContaining({ phone: '+13365550142' })]);
    const forbidden = res.errors!.filter((e) => e.extensions!.code === 'FORBIDDEN').map((e) => e.path!.join('.'));
    expect(forbidden.sort()).toEqual(['incident.charges', 'incident.narrative', 'incident.version']);
    expect(res.text).not.toContain(String(mine.narrative));
    expect(res.text).not.toContain('14-33(c)(2)');
  });

  it("do not see incidents outside their referrals: other family violence, another agency's", async () => {
    for (const id of [familyCase.id, theirs.id]) {
      const res = await t.query('ADVOCATE', BY_ID, { id });
      expect(res.data).toEqual({ incident: null });
    }
  });
});
