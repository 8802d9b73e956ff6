/**
 * The advocates' own records (clients, safety plans, services, danger assessments) and the
 * victim-first notification clearance: confidential to the agency, invisible to police.
 */
import { INTERNAL_IDENTITY_HEADER, internalSignerFor, type Role } from '@ipvi/core';
import { codes, ok, startTestHub, withoutRequestIds, type TestHub } from './harness/hub';
import { recordIncident } from './fixtures/incidents';
import { CREATE_CLIENT, OTHER_ADVOCACY, TWO_AGENCIES_ENV, clientFromIncident, referralOf } from './victim-services-fixtures';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ consumers: false, env: TWO_AGENCIES_ENV });
});
afterAll(() => t.stop());

const CLIENT = `query($id: ID!) { client(id: $id) { id name dateOfBirth shelter incidentVictimId contactMethods { channel value }
  safetyPlan { version safePlaces } safetyPlanHistory { version }
  serviceReferralsConnection { totalCount edges { node { kind status } } } dangerAssessmentsConnection { totalCount edges { node { score band } } } } }`;
const PLAN_PAGE = `query($id: ID!, $after: String) { client(id: $id) {
  safetyPlanHistoryConnection(first: 1, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { version } } } } }`;
type PlanPage = {
  client: {
    safetyPlanHistoryConnection: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { version: number } }[] };
  };
};
const SAVE_PLAN = `mutation($input: SaveSafetyPlanInput!) { saveSafetyPlan(input: $input) { safetyPlan { version safePlaces } } }`;
const RECORD_DA = `mutation($input: RecordDangerAssessmentInput!) { recordDangerAssessment(input: $input) { dangerAssessment { score band } } }`;
const yesTo = (...items: number[]) => Array.from({ length: 20 }, (_, i) => items.includes(i + 1));

describe('clients', () => {
  it('reports every problem of a new client in one answer, naming each field and its reason, never the values', async () => {
    const incident = await recordIncident(t);
    const referral = await referralOf(t, incident);
    const res = await t.query('ADVOCATE', CREATE_CLIENT, {
      input: {
        referralId: referral.id,
        name: '   ',
        dateOfBirth: '1850-02-03',
        contactMethods: [
          { channel: 'SMS', value: '+1-336-555-0199', safeToLeaveMessage: true },
          { channel: 'PHONE', value: ' ', safeToLeaveMessage: false },
        ],
      },
    });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    const error = res.errors![0]!;
    expect(error.extensions!.field).toBe('input.name');
    expect(error.message).toBe(
      ['input.name: must not be empty', 'input.dateOfBirth: must not be before 1900-01-01', 'input.contactMethods[1].value: must not be empty'].join('; '),
    );
    expect(res.text).not.toContain('1850');
    expect(res.text).not.toContain('555-0199');
  });

  it('opens a client from a referred victim, copying the police-recorded date of birth, once per victim party', async () => {
    const incident = await recordIncident(t, { victims: [{ name: 'Cora Police-Name', dateOfBirth: '1979-12-31' }] });
    const clientId = await clientFromIncident(t, incident, { shelter: 'Hidden Harbor Shelter' });
    const res = ok(await t.query<{ client: { dateOfBirth: string; incidentVictimId: string; shelter: string } }>('ADVOCATE', CLIENT, { id: clientId }));
    expect(res.client).toMatchObject({ dateOfBirth: '1979-12-31', incidentVictimId: incident.victimPartyIds[0], shelter: 'Hidden Harbor Shelter' });
    const again = await t.query('ADVOCATE', CREATE_CLIENT, { input: { incidentVictimId: incident.victimPartyIds[0], name: 'Cora again' } });
    expect(codes(again)).toEqual(['CONFLICT']);
    const stranger = await t.query('ADVOCATE', CREATE_CLIENT, { input: { incidentVictimId: '1e000000-0000-4000-8000-000000000001', name: 'Nobody' } });
    expect(stranger.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.incidentVictimId' });
  });

  it("answers another agency's advocate, and any police role, as if the client did not exist", async () => {
    const clientId = await clientFromIncident(t, await recordIncident(t));
    const other = await t.query('ADVOCATE', CLIENT, { id: clientId }, { agency: OTHER_ADVOCACY });
    const missing = await t.query('ADVOCATE', CLIENT, { id: '2e000000-0000-4000-8000-000000000002' }, { agency: OTHER_ADVOCACY });
    expect(other.data).toEqual({ client: null });
    expect(withoutRequestIds(other.text)).toBe(withoutRequestIds(missing.text));
    const list = await t.query<{ clients: { totalCount: number } }>('ADVOCATE', '{ clients(first: 5) { totalCount } }', undefined, { agency: OTHER_ADVOCACY });
    expect(ok(list).clients.totalCount).toBe(0);
    const update = await t.query(
      'ADVOCATE',
      'mutation($id: ID!) { updateClient(input: { clientId: $id, name: "x" }) { client { id } } }',
      { id: clientId },
      { agency: OTHER_ADVOCACY },
    );
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
    const mine = ok(
      await t.query<{ clients: { totalCount: number } }>('ADVOCATE', '{ clients(filter: { assignedToMe: true }) { totalCount } }', undefined, {
        sub: 'advocate-nobody',
      }),
    );
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
    expect(res.client.safetyPlanHistory).toEqual([{ version: 2 }, { version: 1 }]); // the deprecated whole list still answers
    // The growing history, a page at a time.
    const first = ok(await t.query<PlanPage>('ADVOCATE', PLAN_PAGE, { id: clientId })).client.safetyPlanHistoryConnection;
    expect(first).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true }, edges: [{ node: { version: 2 } }] });
    const second = ok(await t.query<PlanPage>('ADVOCATE', PLAN_PAGE, { id: clientId, after: first.pageInfo.endCursor })).client.safetyPlanHistoryConnection;
    expect(second).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: false }, edges: [{ node: { version: 1 } }] });
    const foreign = await t.query('ADVOCATE', PLAN_PAGE, { id: clientId, after: Buffer.from('["nope"]').toString('base64url') });
    expect(foreign.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('tracks service referrals and scores danger assessments; police never see either', async () => {
    const clientId = await clientFromIncident(t, await recordIncident(t));
    const created = ok(
      await t.query<{ createServiceReferral: { serviceReferral: { id: string } } }>(
        'ADVOCATE',
        'mutation($c: ID!) { createServiceReferral(input: { clientId: $c, kind: LEGAL, provider: "Legal Aid NC" }) { serviceReferral { id } } }',
        { c: clientId },
      ),
    );
    ok(
      await t.query(
        'ADVOCATE',
        'mutation($id: ID!) { updateServiceReferral(input: { serviceReferralId: $id, status: IN_PROGRESS }) { serviceReferral { status } } }',
        { id: created.createServiceReferral.serviceReferral.id },
      ),
    );
    const da = ok(
      await t.query<{ recordDangerAssessment: { dangerAssessment: unknown } }>('ADVOCATE', RECORD_DA, { input: { clientId, answers: yesTo(2, 5, 6, 10, 18) } }),
    );
    expect(da.recordDangerAssessment.dangerAssessment).toEqual({ score: 17, band: 'SEVERE' });
    const bad = await t.query('ADVOCATE', RECORD_DA, { input: { clientId, answers: [true, false] } });
    expect(bad.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.answers' });
    const res = ok(
      await t.query<{ client: { serviceReferralsConnection: unknown; dangerAssessmentsConnection: unknown } }>('ADVOCATE', CLIENT, { id: clientId }),
    );
    expect(res.client).toMatchObject({
      serviceReferralsConnection: { totalCount: 1, edges: [{ node: { kind: 'LEGAL', status: 'IN_PROGRESS' } }] },
      dangerAssessmentsConnection: { totalCount: 1, edges: [{ node: { score: 17, band: 'SEVERE' } }] },
    });
    const police = await t.query(
      'OFFICER',
      'mutation($c: ID!) { recordDangerAssessment(input: { clientId: $c, answers: [] }) { dangerAssessment { score } } }',
      { c: clientId },
    );
    expect(codes(police)).toEqual(['FORBIDDEN']);
  });
});

describe("the advocates' clearance record (victim first)", () => {
  const CLEAR = `mutation($n: ID!, $r: ID, $note: String) { clearNotification(input: { notificationId: $n, referralId: $r, note: $note }) {
    advocateClearance { notificationId clearedAt clearedBy note referral { id } } notification { id } } }`;
  const FEED = '{ clearanceEvents(first: 100) { edges { node { id type notificationId clearedAt advocacyAgency } } } }';
  type Feed = { clearanceEvents: { edges: { node: { notificationId: string; advocacyAgency: string } }[] } };
  /** Asks the subgraph for Notification.advocateClearance the way the gateway resolves the entity. */
  async function recordAs(role: Role, agency: string, id: string, fields = 'note clearedAt referral { id }') {
    const signer = await internalSignerFor(t.config);
    const identity = await signer.tokenFor({ sub: `t-${role}`, roles: [role], agency, scope: [] }, 'victim-services');
    return t.post<{ _entities: { advocateClearance: Record<string, unknown> | null }[] }>(
      t.hub.services['victim-services'].server.url,
      {
        query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Notification { advocateClearance { ${fields} } } } }`,
        variables: { r: [{ __typename: 'Notification', id }] },
      },
      { [INTERNAL_IDENTITY_HEADER]: identity },
    );
  }

  it('keeps who, when and why for the clearing agency alone, and feeds tiering only the notification, time and agency', async () => {
    const notificationId = '3c000000-0000-4000-8000-000000000003';
    const incident = await recordIncident(t);
    const referralId = (await referralOf(t, incident)).id;
    const cleared = ok(
      await t.query<{ clearNotification: { advocateClearance: Record<string, unknown>; notification: { id: string } } }>(
        'ADVOCATE',
        CLEAR,
        { n: notificationId, r: referralId, note: 'safety plan done; staying with her sister' },
        { sub: 'advocate-ana' },
      ),
    );
    expect(cleared.clearNotification).toEqual({
      advocateClearance: {
        notificationId,
        clearedAt: expect.any(String),
        clearedBy: 'advocate-ana',
        note: 'safety plan done; staying with her sister',
        referral: { id: referralId },
      },
      notification: { id: notificationId },
    });
    const again = ok(await t.query<typeof cleared>('ADVOCATE', CLEAR, { n: notificationId, note: 'second thoughts' }));
    expect(again.clearNotification.advocateClearance).toEqual(cleared.clearNotification.advocateClearance);

    expect((await recordAs('ADVOCATE_SUPERVISOR', 'ADV-FSP-01', notificationId)).data!._entities[0]!.advocateClearance).toMatchObject({
      note: 'safety plan done; staying with her sister',
    });
    const otherAgency = await recordAs('ADVOCATE', OTHER_ADVOCACY, notificationId);
    expect(otherAgency.data!._entities[0]!.advocateClearance).toBeNull();
    expect(otherAgency.errors).toBeUndefined();
    for (const [role, agency] of [
      ['OFFICER', 'NC0410200'],
      ['SERVICE_TIERING', 'IPVI-HUB'],
    ] as [Role, string][]) {
      const denied = await recordAs(role, agency, notificationId);
      expect(denied.data!._entities[0]!.advocateClearance).toBeNull();
      expect(codes(denied)).toEqual(['FORBIDDEN']);
      expect(denied.text).not.toContain('sister');
    }

    const feed = await t.query<Feed>('SERVICE_TIERING', FEED);
    expect(ok(feed).clearanceEvents.edges.filter((e) => e.node.notificationId === notificationId)).toEqual([
      {
        node: {
          id: expect.any(String),
          type: 'NOTIFICATION_CLEARED',
          notificationId,
          clearedAt: cleared.clearNotification.advocateClearance.clearedAt,
          advocacyAgency: 'ADV-FSP-01',
        },
      },
    ]);
    for (const leak of ['sister', referralId, 'advocate-ana', incident.victimPartyIds[0]!]) expect(feed.text).not.toContain(leak);
    for (const role of ['ADVOCATE', 'OFFICER', 'COORDINATOR'] as Role[]) {
      // The feed is not in the partners' schema at all (issue 10): a human's request fails validation, naming nothing of it.
      const denied = await t.query(role, FEED);
      expect(denied.data ?? null).toBeNull();
      expect(codes(denied)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      for (const leak of [referralId, 'ADV-FSP-01']) expect(denied.text).not.toContain(leak);
    }
  });

  it('refuses a malformed notification id and a referral of another agency, writing nothing', async () => {
    const before = await t.query<Feed>('SERVICE_TIERING', FEED);
    const malformed = await t.query('ADVOCATE', CLEAR, { n: 'not-a-notification' });
    expect(malformed.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.notificationId' });
    const referralId = (await referralOf(t, await recordIncident(t))).id;
    const notificationId = '5e000000-0000-4000-8000-000000000005';
    expect(codes(await t.query('ADVOCATE', CLEAR, { n: notificationId, r: referralId }, { agency: OTHER_ADVOCACY }))).toEqual(['NOT_FOUND']);
    expect((await recordAs('ADVOCATE', OTHER_ADVOCACY, notificationId, 'clearedAt')).data!._entities[0]!.advocateClearance).toBeNull();
    expect((await t.query<Feed>('SERVICE_TIERING', FEED)).text).toBe(before.text);
  });
});
