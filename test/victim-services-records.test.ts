/**
 * The advocates' own records (clients, safety plans, services, danger assessments) and the
 * victim-first notification clearance: confidential to the agency, invisible to police.
 */
import { INTERNAL_IDENTITY_HEADER, internalSignerFor, type Role } from '@ipvi/core';
import { codes, startTestHub, type TestHub } from './harness/hub';
import { CREATE_CLIENT, OTHER_ADVOCACY, clientFromIncident, ok, recordIncident } from './victim-services-fixtures';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ consumers: false });
});
afterAll(() => t.stop());

const CLIENT = `query($id: ID!) { client(id: $id) { id name dateOfBirth shelter incidentVictimId contactMethods { channel value }
  safetyPlan { version safePlaces } safetyPlanHistory { version } serviceReferrals { kind status } dangerAssessments { score band } } }`;
const SAVE_PLAN = `mutation($input: SaveSafetyPlanInput!) { saveSafetyPlan(input: $input) { safetyPlan { version safePlaces } } }`;
const RECORD_DA = `mutation($input: RecordDangerAssessmentInput!) { recordDangerAssessment(input: $input) { dangerAssessment { score band } } }`;
const yesTo = (...items: number[]) => Array.from({ length: 20 }, (_, i) => items.includes(i + 1));

describe('clients', () => {
  it('opens a client from a referred victim, copying the police-recorded date of birth, once per victim party', async () => {
    const incident = await recordIncident(t, { victims: [{ name: 'Cora Police-Name', dateOfBirth: '1979-12-31' }] });
    const clientId = await clientFromIncident(t, incident, { shelter: 'Hidden Harbor Shelter' });
    const res = ok(await t.query<{ client: { dateOfBirth: string; incidentVictimId: string; shelter: string } }>('ADVOCATE', CLIENT, { id: clientId }));
    expect(res.client).toMatchObject({ dateOfBirth: '1979-12-31', incidentVictimId: incident.victimIds[0], shelter: 'Hidden Harbor Shelter' });
    const again = await t.query('ADVOCATE', CREATE_CLIENT, { input: { incidentVictimId: incident.victimIds[0], name: 'Cora again' } });
    expect(codes(again)).toEqual(['CONFLICT']);
    const stranger = await t.query('ADVOCATE', CREATE_CLIENT, { input: { incidentVictimId: '1e000000-0000-4000-8000-000000000001', name: 'Nobody' } });
    expect(stranger.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.incidentVictimId' });
  });

  it("answers another agency's advocate, and any police role, as if the client did not exist", async () => {
    const clientId = await clientFromIncident(t, await recordIncident(t));
    const other = await t.query('ADVOCATE', CLIENT, { id: clientId }, { agency: OTHER_ADVOCACY });
    const missing = await t.query('ADVOCATE', CLIENT, { id: '2e000000-0000-4000-8000-000000000002' }, { agency: OTHER_ADVOCACY });
    expect(other.data).toEqual({ client: null });
    expect(other.text).toBe(missing.text);
    const list = await t.query<{ clients: { totalCount: number } }>('ADVOCATE', '{ clients(first: 5) { totalCount } }', undefined, { agency: OTHER_ADVOCACY });
    expect(ok(list).clients.totalCount).toBe(0);
    const update = await t.query('ADVOCATE', 'mutation($id: ID!) { updateClient(input: { clientId: $id, name: "x" }) { client { id } } }', { id: clientId }, { agency: OTHER_ADVOCACY });
    expect(codes(update)).toEqual(['NOT_FOUND']);
    for (const role of ['OFFICER', 'DV_DETECTIVE', 'PROSECUTOR', 'ANALYST'] as Role[]) {
      const police = await t.query(role, CLIENT, { id: clientId });
      expect(police.data).toEqual({ client: null });
      expect(codes(police)).toEqual(['FORBIDDEN']);
    }
  });

  it("lets a supervisor see the agency's caseload and an advocate narrow it to their own cases", async () => {
    await clientFromIncident(t, await recordIncident(t), { assignedAdvocate: 'advocate-someone-else' });
    const all = ok(await t.query<{ clients: { totalCount: number } }>('ADVOCATE_SUPERVISOR', '{ clients { totalCount } }'));
    const mine = ok(await t.query<{ clients: { totalCount: number } }>('ADVOCATE', '{ clients(assignedToMe: true) { totalCount } }', undefined, { sub: 'advocate-nobody' }));
    expect(all.clients.totalCount).toBeGreaterThan(0);
    expect(mine.clients.totalCount).toBe(0);
  });
});

describe('safety plans, services and danger assessments', () => {
  it('versions the safety plan and refuses an edit of a stale version', async () => {
    const clientId = await clientFromIncident(t, await recordIncident(t));
    ok(await t.query('ADVOCATE', SAVE_PLAN, { input: { clientId, safePlaces: ['sister'] } }));
    ok(await t.query('ADVOCATE', SAVE_PLAN, { input: { clientId, basedOnVersion: 1, safePlaces: ['sister', 'church'] } }));
    const stale = await t.query('ADVOCATE', SAVE_PLAN, { input: { clientId, basedOnVersion: 1, safePlaces: ['lost edit'] } });
    expect(codes(stale)).toEqual(['CONFLICT']);
    const res = ok(await t.query<{ client: { safetyPlan: unknown; safetyPlanHistory: unknown } }>('ADVOCATE', CLIENT, { id: clientId }));
    expect(res.client.safetyPlan).toEqual({ version: 2, safePlaces: ['sister', 'church'] });
    expect(res.client.safetyPlanHistory).toEqual([{ version: 2 }, { version: 1 }]);
  });

  it('tracks service referrals and scores danger assessments; police never see either', async () => {
    const clientId = await clientFromIncident(t, await recordIncident(t));
    const created = ok(await t.query<{ createServiceReferral: { serviceReferral: { id: string } } }>('ADVOCATE',
      'mutation($c: ID!) { createServiceReferral(input: { clientId: $c, kind: LEGAL, provider: "Legal Aid NC" }) { serviceReferral { id } } }', { c: clientId }));
    ok(await t.query('ADVOCATE', 'mutation($id: ID!) { updateServiceReferral(input: { serviceReferralId: $id, status: IN_PROGRESS }) { serviceReferral { status } } }',
      { id: created.createServiceReferral.serviceReferral.id }));
    const da = ok(await t.query<{ recordDangerAssessment: { dangerAssessment: unknown } }>('ADVOCATE', RECORD_DA, { input: { clientId, answers: yesTo(2, 5, 6, 10, 18) } }));
    expect(da.recordDangerAssessment.dangerAssessment).toEqual({ score: 17, band: 'SEVERE' });
    const bad = await t.query('ADVOCATE', RECORD_DA, { input: { clientId, answers: [true, false] } });
    expect(bad.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.answers' });
    const res = ok(await t.query<{ client: { serviceReferrals: unknown; dangerAssessments: unknown } }>('ADVOCATE', CLIENT, { id: clientId }));
    expect(res.client).toMatchObject({ serviceReferrals: [{ kind: 'LEGAL', status: 'IN_PROGRESS' }], dangerAssessments: [{ score: 17, band: 'SEVERE' }] });
    const police = await t.query('OFFICER', 'mutation($c: ID!) { recordDangerAssessment(input: { clientId: $c, answers: [] }) { dangerAssessment { score } } }', { c: clientId });
    expect(codes(police)).toEqual(['FORBIDDEN']);
  });
});

describe('notification clearance (victim first)', () => {
  const notificationId = '3c000000-0000-4000-8000-000000000003';
  /** Asks the subgraph for Notification.clearance the way the gateway resolves the entity. */
  async function clearanceAs(role: Role, fields: string, id = notificationId) {
    const signer = await internalSignerFor(t.config);
    const identity = await signer.tokenFor({ sub: `t-${role}`, roles: [role], agency: 'NC0410200', scope: [] }, 'victim-services');
    return t.post<{ _entities: { clearance: Record<string, unknown> | null }[] }>(t.hub.services['victim-services'].server.url, {
      query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Notification { clearance { ${fields} } } } }`,
      variables: { r: [{ __typename: 'Notification', id }] },
    }, { [INTERNAL_IDENTITY_HEADER]: identity });
  }

  it('shows police only the state and deadline, holds the notification until cleared, and never shows why', async () => {
    const pending = await clearanceAs('OFFICER', 'state deadline');
    const { state, deadline } = pending.data!._entities[0]!.clearance!;
    expect(state).toBe('PENDING');
    expect(Date.parse(String(deadline)) - Date.now()).toBeGreaterThan(23 * 3600_000);
    const incident = await recordIncident(t);
    await t.drainFeeds();
    const referralId = ok(await t.query<{ referrals: { edges: { node: { id: string; incident: { id: string } } }[] } }>('ADVOCATE', '{ referrals(first: 100) { edges { node { id incident { id } } } } }'))
      .referrals.edges.find((e) => e.node.incident.id === incident.incidentId)!.node.id;
    const cleared = await t.query<{ clearNotification: { clearance: Record<string, unknown> } }>('ADVOCATE',
      'mutation($n: ID!, $r: ID) { clearNotification(input: { notificationId: $n, referralId: $r, note: "safety plan done; staying with her sister" }) { clearance { state deadline clearedAt note referral { id } } } }',
      { n: notificationId, r: referralId });
    expect(ok(cleared).clearNotification.clearance).toMatchObject({ state: 'CLEARED', deadline, note: 'safety plan done; staying with her sister', referral: { id: referralId } });
    const police = await clearanceAs('OFFICER', 'state deadline clearedAt note referral { id }');
    expect(police.data!._entities[0]!.clearance).toEqual({ state: 'CLEARED', deadline, clearedAt: null, note: null, referral: null });
    expect(police.errors!.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
    expect(police.text).not.toContain('sister');
    expect(police.text).not.toContain(referralId);
  });

  it('lets the window lapse without a clearance, and a malformed id is no clearance at all', async () => {
    const lapsing = '4d000000-0000-4000-8000-000000000004';
    await t.hub.services['victim-services'].dataSource.query(
      `INSERT INTO notification_clearance (notification_id, opened_at, deadline) VALUES ($1, now() - interval '2 days', now() - interval '1 second')`, [lapsing]);
    expect((await clearanceAs('COORDINATOR', 'state', lapsing)).data!._entities[0]!.clearance).toEqual({ state: 'WINDOW_LAPSED' });
    const malformed = await clearanceAs('OFFICER', 'state', 'not-a-notification');
    expect(malformed.data!._entities[0]!.clearance).toBeNull();
    expect(malformed.errors).toBeUndefined();
  });
});
