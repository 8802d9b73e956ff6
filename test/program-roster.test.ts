/**
 * The roster and watch list, and the open questions of the first release that live in tiering
 * (issue 14), through the gateway: filters and scope per role (advocates read the level, never the
 * rule), the coordinators' review queue after an amendment names another offender, the CJI class of
 * rules and reasons, and a superseding notification's own clearance as advocates see it.
 */
import { DEMO_ADVOCACY_AGENCY, DEMO_POLICE_ORI } from '@ipvi/core';
import { codes, ok, startTestHub, type TestHub } from './harness/hub';
import { hoursAgo, recordIncident, type RecordedIncident } from './fixtures/incidents';

const OTHER = 'NC0999900';
let t: TestHub;
let watched: RecordedIncident; // D
let charged: RecordedIncident; // C, notified
let elsewhere: RecordedIncident; // C at the other agency

const ROSTER = `query($filter: TierRosterFilter, $first: Int, $after: String) { tierRoster(first: $first, after: $after, filter: $filter) {
  totalCount pageInfo { hasNextPage endCursor } edges { cursor node { level rule policyVersion offender { id } } } } }`;
type Roster = {
  tierRoster: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string };
    edges: { node: { level: string; rule: string | null; offender: { id: string } } }[];
  };
};
const ids = (r: Roster) => r.tierRoster.edges.map((e) => e.node.offender.id);

beforeAll(async () => {
  t = await startTestHub({ env: { POLICE_AGENCIES: `${DEMO_POLICE_ORI},${OTHER}`, ADVOCACY_AGENCIES: `${DEMO_ADVOCACY_AGENCY}=${DEMO_POLICE_ORI}` } });
  watched = await recordIncident(t, { offenderName: 'Walter Watchlist', arrest: false, occurredAt: hoursAgo(30) });
  charged = await recordIncident(t, { offenderName: 'Nora Notified', arrest: true, occurredAt: hoursAgo(29) });
  elsewhere = await recordIncident(t, { agencyOri: OTHER, offenderName: 'Elsa Elsewhere', arrest: true, occurredAt: hoursAgo(28) });
  await t.drainFeeds('tiering');
  // Deliver Nora's notification (the coordinator waives the clearance for the test).
  const n = ok(
    await t.query<{ offender: { notifications: { id: string }[] } }>('OFFICER', 'query($id: ID!) { offender(id: $id) { notifications { id } } }', {
      id: charged.offenderId,
    }),
  ).offender.notifications[0]!;
  ok(
    await t.query('COORDINATOR', 'mutation($id: ID!) { waiveNotificationGate(input: { notificationId: $id, reason: "test" }) { notification { id } } }', {
      id: n.id,
    }),
  );
  ok(
    await t.query(
      'OFFICER',
      'mutation($id: ID!, $at: DateTime!) { recordNotificationDelivery(input: { notificationId: $id, deliveredAt: $at, outcome: DELIVERED }) { notification { id } } }',
      { id: n.id, at: hoursAgo(1).toISOString() },
    ),
  );
});
afterAll(() => t.stop());

describe('the roster', () => {
  it('lists the D watch list, and filters by notified and assigned-since', async () => {
    expect(ids(ok(await t.query<Roster>('DV_DETECTIVE', ROSTER, { filter: { tiers: ['D'] } })))).toEqual([watched.offenderId]);
    expect(ids(ok(await t.query<Roster>('DV_DETECTIVE', ROSTER, { filter: { notified: true } })))).toEqual([charged.offenderId]);
    expect(ids(ok(await t.query<Roster>('DV_DETECTIVE', ROSTER, { filter: { notified: false } })))).toEqual([watched.offenderId]);
    expect(
      ok(await t.query<Roster>('DV_DETECTIVE', ROSTER, { filter: { assignedSince: new Date(Date.now() + 3600_000).toISOString() } })).tierRoster.totalCount,
    ).toBe(0);
  });

  it('shows each agency its own offenders, newest first, one page at a time', async () => {
    const page1 = ok(await t.query<Roster>('COORDINATOR', ROSTER, { first: 1 }));
    expect(page1.tierRoster).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true } });
    const page2 = ok(await t.query<Roster>('COORDINATOR', ROSTER, { first: 1, after: page1.tierRoster.pageInfo.endCursor }));
    expect([...ids(page1), ...ids(page2)]).toEqual([charged.offenderId, watched.offenderId]);
    expect(ids(ok(await t.query<Roster>('COORDINATOR', ROSTER, {}, { agency: OTHER })))).toEqual([elsewhere.offenderId]);
    expect(ok(await t.query<Roster>('COORDINATOR', ROSTER, { filter: { agency: OTHER } })).tierRoster.totalCount).toBe(0);
    expect(ok(await t.query<Roster>('PROSECUTOR', ROSTER, {})).tierRoster.totalCount).toBe(3);
  });

  it('refuses an agency the partnership does not know, naming the input', async () => {
    const res = await t.query('COORDINATOR', ROSTER, { filter: { agency: 'NC0000001' } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.agency' });
    expect(res.text).not.toContain('NC0000001');
  });

  it("gives advocates their served agency's offenders with the level, never the rule", async () => {
    const res = await t.query<Roster>('ADVOCATE', ROSTER, {});
    expect(res.data!.tierRoster.edges.map((e) => [e.node.level, e.node.rule]).sort()).toEqual([
      ['C', null],
      ['D', null],
    ]);
    expect(ids(res.data!)).not.toContain(elsewhere.offenderId);
    expect(codes(res).every((c) => c === 'FORBIDDEN')).toBe(true);
    expect(res.text).not.toContain('FIRST_DV_CHARGE');
    expect(res.data!.tierRoster.edges.every((e) => typeof (e.node as unknown as { policyVersion: string }).policyVersion === 'string')).toBe(true);
    expect(codes(await t.query('ANALYST', ROSTER, {}))).toEqual(['FORBIDDEN']);
  });
});

describe('open questions of the first release', () => {
  it('advocates read the policy version but not its rule texts, nor reschedule or waiver reasons', async () => {
    const policy = await t.query<{ activeTierPolicy: { version: string; summary: string | null } }>('ADVOCATE', '{ activeTierPolicy { version summary } }');
    expect(policy.data!.activeTierPolicy).toEqual({ version: 'high-point-default-1', summary: null });
    expect(codes(policy)).toEqual(['FORBIDDEN']);
    const history = await t.query<{ offender: { notifications: { history: { kind: string; reason: string | null }[] }[] } }>(
      'ADVOCATE',
      'query($id: ID!) { offender(id: $id) { notifications { history { kind reason } } } }',
      { id: charged.offenderId },
    );
    expect(history.data!.offender.notifications[0]!.history.map((h) => h.kind)).toContain('GATE_WAIVED');
    expect(history.data!.offender.notifications[0]!.history.every((h) => h.reason === null)).toBe(true);
    expect(history.text).not.toContain('"test"');
  });

  it("puts the previous offender's pending notification in the coordinators' review queue when an amendment names another offender", async () => {
    const first = await recordIncident(t, { offenderName: 'Wrong Person', arrest: true, occurredAt: hoursAgo(10) });
    await t.drainFeeds('tiering');
    await recordIncident(t, { rmsNumber: first.rmsNumber, offenderName: 'Right Person', arrest: true, occurredAt: hoursAgo(10) });
    await t.drainFeeds('tiering');
    const Q = `{ notificationReviews(filter: { open: true }) { totalCount edges { node { id reason offender { id } notification { status } } } } }`;
    type R = {
      notificationReviews: {
        totalCount: number;
        edges: { node: { id: string; reason: string; offender: { id: string }; notification: { status: string } } }[];
      };
    };
    const open = ok(await t.query<R>('COORDINATOR', Q)).notificationReviews;
    expect(open.totalCount).toBe(1);
    expect(open.edges[0]!.node).toMatchObject({ offender: { id: first.offenderId }, notification: { status: 'PENDING' } });
    expect(open.edges[0]!.node.reason).toContain(first.rmsNumber);
    expect(codes(await t.query('ADVOCATE', Q))).toEqual(['FORBIDDEN']);
    const CLOSE =
      'mutation($id: ID!) { closeNotificationReview(input: { reviewId: $id, resolution: "Tier overridden to none pending the DA" }) { review { closedAt resolution } } }';
    expect(codes(await t.query('DV_DETECTIVE', CLOSE, { id: open.edges[0]!.node.id }))).toEqual(['FORBIDDEN']);
    ok(await t.query('COORDINATOR', CLOSE, { id: open.edges[0]!.node.id }));
    expect(codes(await t.query('COORDINATOR', CLOSE, { id: open.edges[0]!.node.id }))).toEqual(['CONFLICT']);
    expect(ok(await t.query<R>('COORDINATOR', Q)).notificationReviews.totalCount).toBe(0);
  });

  it("lets advocates see that a superseding tier's notification needs its own clearance", async () => {
    const d = await recordIncident(t, { offenderName: 'Sue Persede', arrest: false, occurredAt: hoursAgo(8) });
    await t.drainFeeds('tiering');
    const NOTES = 'query($id: ID!) { offender(id: $id) { notifications { id type status clearance { state } } } }';
    type N = { offender: { notifications: { id: string; type: string; status: string; clearance: { state: string } }[] } };
    const letter = ok(await t.query<N>('ADVOCATE', NOTES, { id: d.offenderId })).offender.notifications[0]!;
    ok(await t.query('ADVOCATE', 'mutation($id: ID!) { clearNotification(input: { notificationId: $id }) { notification { id } } }', { id: letter.id }));
    await t.drainFeeds('tiering');
    await recordIncident(t, { offenderId: d.offenderId, arrest: true, occurredAt: hoursAgo(2) });
    await t.drainFeeds('tiering');
    const notes = ok(await t.query<N>('ADVOCATE', NOTES, { id: d.offenderId })).offender.notifications;
    expect(notes.map((n) => [n.type, n.status, n.clearance.state])).toEqual([
      ['LETTER', 'SUPERSEDED', 'CLEARED'],
      ['FACE_TO_FACE', 'PENDING', 'PENDING'],
    ]);
  });
});
