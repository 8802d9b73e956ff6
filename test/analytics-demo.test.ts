/**
 * The demo hub as an analyst meets it: after the demo program's history is replayed
 * (playDemoHistory, what `npm start` runs), an ANALYST token gets re-arrest by tier for the demo data
 * through the gateway, with some cells published and the small ones suppressed; and the demo queue
 * holds no notification due before the site's go-live day, nor hundreds of overdue letters.
 */
import { DEMO_EPOCH } from '@ipvi/core';
import { playDemoHistory } from '@ipvi/tiering/src/demo/demo-history';
import { sendDemoReferrals } from '@ipvi/tiering/src/demo/demo-referrals';
import { consumerEnv, ok, startTestHub, type TestHub } from './harness/hub';

const DAY = 86_400_000;
let t: TestHub;
let replay: Awaited<ReturnType<typeof playDemoHistory>>;

beforeAll(async () => {
  t = await startTestHub({ seed: true });
  // What npm start runs before the feeds catch up (the replay consumes tiering's incident feed itself).
  replay = await playDemoHistory(consumerEnv(t, t.hub.services.tiering.dataSource), t.clock.now());
  // Tiering's feeds caught up; victim-services' (1,500 events into referrals nothing here reads) are left unapplied.
  await t.drainFeeds('tiering');
}, 600_000);
afterAll(() => t.stop());

type Cell = { tier: string | null; offenders: number | null; reoffended: number | null; rate: number | null; suppressed: boolean };
const BY_TIER = `query($groupBy: [RecidivismDimension!]) { recidivism(windowDays: 365, groupBy: $groupBy) {
  threshold excluded cells { tier cohort offenders reoffended rate suppressed } } }`;

it('replays the history through the domain: deliveries, some refused by it, none after now', async () => {
  expect(replay).toMatchObject({ replayed: true });
  expect(replay.events).toBeGreaterThan(1000);
  expect(replay.delivered).toBeGreaterThan(100);
  const late = await t.sql<{ n: number }>('tiering', `SELECT count(*)::int AS n FROM notification WHERE delivered_at > now() OR delivered_at < created_at`);
  expect(late[0]!.n).toBe(0);
  // Replaying again changes nothing: the history is there.
  const again = await playDemoHistory(consumerEnv(t, t.hub.services.tiering.dataSource), t.clock.now());
  expect(again).toMatchObject({ replayed: false, events: 0, delivered: 0 });
});

it('gives an ANALYST re-arrest by tier for the demo data, published cells beside suppressed small ones', async () => {
  const res = ok(await t.query<{ recidivism: { threshold: number; cells: Cell[] } }>('ANALYST', BY_TIER, { groupBy: ['TIER'] })).recidivism;
  const published = res.cells.filter((c) => !c.suppressed);
  expect(published.length).toBeGreaterThan(0);
  for (const c of published) {
    expect(c.offenders).toBeGreaterThanOrEqual(res.threshold);
    expect(c.rate).toBeCloseTo(c.reoffended! / c.offenders!, 10);
  }
  expect(published.some((c) => c.reoffended! > 0)).toBe(true);
  // By tier and quarterly cohort the cells get small: those come back withheld.
  const fine = ok(await t.query<{ recidivism: { cells: Cell[] } }>('ANALYST', BY_TIER, { groupBy: ['TIER', 'COHORT_QUARTER'] })).recidivism.cells;
  const suppressed = fine.filter((c) => c.suppressed);
  expect(suppressed.length).toBeGreaterThan(0);
  for (const c of suppressed) expect([c.offenders, c.reoffended, c.rate]).toEqual([null, null, null]);
});

it('leaves a realistic queue: nothing due before go-live, the last six weeks of the history in the queue, older ones worked', async () => {
  const { goLiveOn } = ok(await t.query<{ siteProfile: { goLiveOn: string } }>('COORDINATOR', '{ siteProfile { goLiveOn } }')).siteProfile;
  const q = `{ notificationQueue(first: 1) { totalCount edges { node { dueAt } } } }`;
  const queue = ok(await t.query<{ notificationQueue: { totalCount: number; edges: { node: { dueAt: string } }[] } }>('COORDINATOR', q)).notificationQueue;
  expect(queue.totalCount).toBeGreaterThan(0);
  expect(queue.edges[0]!.node.dueAt >= goLiveOn).toBe(true); // soonest due first
  const [counts] = await t.sql<{ before: number; pending: number; delivered: number; callIns: number; untried: number }>(
    'tiering',
    `SELECT count(*) FILTER (WHERE due_at < $1::date)::int AS before,
            count(*) FILTER (WHERE status = 'PENDING')::int AS pending,
            count(*) FILTER (WHERE status = 'DELIVERED')::int AS delivered,
            count(*) FILTER (WHERE status = 'PENDING' AND type = 'CALL_IN')::int AS "callIns",
            count(*) FILTER (WHERE status = 'PENDING' AND outcome IS NULL AND due_at < $2 AND type <> 'CALL_IN')::int AS untried FROM notification`,
    [goLiveOn, new Date(DEMO_EPOCH.getTime() - 42 * DAY)],
  );
  expect(counts!.before).toBe(0);
  expect(counts!.pending).toBeGreaterThan(10); // a queue to work, with call-ins to schedule
  expect(counts!.callIns).toBeGreaterThanOrEqual(3);
  expect(counts!.pending).toBeLessThan(counts!.delivered / 3);
  expect(counts!.untried).toBe(0); // what is older than the last six weeks was worked: delivered, or tried and missed
});

it('sends a few demo referrals to the demo provider once, so a SERVICE_PROVIDER token sees them with the names read from incidents', async () => {
  const env = consumerEnv(t, t.hub.services.tiering.dataSource);
  expect(await sendDemoReferrals(env, 3, () => t.clock.now())).toBe(3);
  expect(await sendDemoReferrals(env, 3, () => t.clock.now())).toBe(0);
  type List = { providerReferrals: { totalCount: number; edges: { node: { offenderName: string; service: string; status: string } }[] } };
  const list = ok(
    await t.query<List>('SERVICE_PROVIDER', '{ providerReferrals(first: 10) { totalCount edges { node { offenderName service status } } } }'),
  ).providerReferrals;
  expect(list.totalCount).toBe(3);
  for (const { node } of list.edges) {
    expect(node).toMatchObject({ service: 'BATTERER_INTERVENTION', status: 'OFFERED' });
    expect(node.offenderName.length).toBeGreaterThan(0);
  }
  // The names came from incidents, read there by tiering's service principal (audited as its reads).
  const reads = await t.sql<{ n: number }>(
    'incidents',
    `SELECT count(*)::int AS n FROM audit_event WHERE field_path = 'Query.offenderNameForReferral' AND role = 'SERVICE_TIERING'`,
  );
  expect(reads[0]!.n).toBeGreaterThanOrEqual(3);
});
