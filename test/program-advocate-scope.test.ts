/**
 * Advocates' tier scope follows their referrals (issue 14, open question): two advocacy agencies,
 * each serving one police agency. An intimate-partner incident with a victim is referred to the
 * agency serving its police agency, and that agency's advocates read the offender's tier (roster and
 * `Offender.tier`); an incident without a victim gives no advocacy agency anything, and the other
 * agency's referral stays the other agency's.
 */
import { DEMO_ADVOCACY_AGENCY, DEMO_POLICE_ORI } from '@ipvi/core';
import { ok, startTestHub, type TestHub } from './harness/hub';
import { hoursAgo, recordIncident, type RecordedIncident } from './fixtures/incidents';

const OTHER_POLICE = 'NC0999900';
const OTHER_ADVOCATES = 'ADV-OTHER';
let t: TestHub;
let referred: RecordedIncident;
let noVictim: RecordedIncident;
let elsewhere: RecordedIncident;

const ROSTER = `{ tierRoster(first: 50) { totalCount edges { node { level offender { id } } } } }`;
type Roster = { tierRoster: { totalCount: number; edges: { node: { level: string; offender: { id: string } } }[] } };
const TIER = 'query($id: ID!) { offender(id: $id) { id tier { level } } }';
type Tier = { offender: { id: string; tier: { level: string } | null } | null };

beforeAll(async () => {
  t = await startTestHub({
    env: {
      POLICE_AGENCIES: `${DEMO_POLICE_ORI},${OTHER_POLICE}`,
      ADVOCACY_AGENCIES: `${DEMO_ADVOCACY_AGENCY}=${DEMO_POLICE_ORI};${OTHER_ADVOCATES}=${OTHER_POLICE}`,
    },
  });
  referred = await recordIncident(t, { offenderName: 'Rita Referred', arrest: true, occurredAt: hoursAgo(30) });
  noVictim = await recordIncident(t, { offenderName: 'Victor Novictim', arrest: true, victims: [], occurredAt: hoursAgo(29) });
  elsewhere = await recordIncident(t, { agencyOri: OTHER_POLICE, offenderName: 'Elsa Elsewhere', arrest: true, occurredAt: hoursAgo(28) });
  await t.drainFeeds();
}, 120_000);
afterAll(() => t.stop());

const roster = async (agency: string) =>
  ok(await t.query<Roster>('ADVOCATE', ROSTER, {}, { agency })).tierRoster.edges.map((e) => [e.node.offender.id, e.node.level]);

it('tiers all three for the police (an incident without a victim counts for the tier)', async () => {
  const own = ok(await t.query<Roster>('COORDINATOR', ROSTER)).tierRoster.edges.map((e) => e.node.offender.id);
  expect(own.sort()).toEqual([referred.offenderId, noVictim.offenderId].sort());
  expect(ok(await t.query<Tier>('OFFICER', TIER, { id: noVictim.offenderId })).offender?.tier?.level).toBe('C');
});

it('gives each advocacy agency the roster of its own referrals only', async () => {
  expect(await roster(DEMO_ADVOCACY_AGENCY)).toEqual([[referred.offenderId, 'C']]);
  expect(await roster(OTHER_ADVOCATES)).toEqual([[elsewhere.offenderId, 'C']]);
});

it('reads the tier of a referred offender, and nothing of one whose incident named no victim', async () => {
  const mine = await t.query<Tier>('ADVOCATE', TIER, { id: referred.offenderId });
  expect(mine.data?.offender?.tier?.level).toBe('C');
  for (const [agency, id] of [
    [DEMO_ADVOCACY_AGENCY, noVictim.offenderId],
    [DEMO_ADVOCACY_AGENCY, elsewhere.offenderId],
    [OTHER_ADVOCATES, referred.offenderId],
  ] as const) {
    const res = await t.query<Tier>('ADVOCATE', TIER, { id }, { agency });
    expect(res.data?.offender?.tier ?? null).toBeNull();
  }
});
