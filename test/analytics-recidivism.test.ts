/**
 * Known answer: re-arrest rates planted per tier into tiering's ledger (D 10%, C 15%, B 25%, A 40%
 * over 1,000 offenders, exact at whole hundreds per tier, with noise that must not count) come back through the gateway as ANALYST
 * within one percentage point; a planted small agency is suppressed; person-level fields stay
 * FORBIDDEN to analysts.
 */
import { codes, ok, startTestHub, type TestHub } from './harness/hub';
import { generateLedger } from './fixtures/analytics-generator';

const BIG = 'NC0410200';
const SMALL = 'NC0410300';
const DAY = 86_400_000;
const PLANTED = { D: 0.1, C: 0.15, B: 0.25, A: 0.4 } as const;

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ env: { POLICE_AGENCIES: `${BIG},${SMALL}` } });
  const now = Date.now();
  const old = { notifiedFrom: new Date(now - 4 * 365 * DAY), notifiedTo: new Date(now - 2 * 365 * DAY), windowDays: 365 };
  await generateLedger(t.databaseUrls.tiering, {
    batch: 'known',
    agency: BIG,
    ...old,
    tiers: [
      { tier: 'D', offenders: 400, rate: PLANTED.D },
      { tier: 'C', offenders: 300, rate: PLANTED.C },
      { tier: 'B', offenders: 200, rate: PLANTED.B },
      { tier: 'A', offenders: 100, rate: PLANTED.A },
    ],
  });
  await generateLedger(t.databaseUrls.tiering, { batch: 'small', agency: SMALL, ...old, tiers: [{ tier: 'D', offenders: 7, rate: 0.3 }] });
  // Notified in the last four months: a 365-day window has not elapsed for them.
  await generateLedger(t.databaseUrls.tiering, {
    batch: 'recent',
    agency: BIG,
    notifiedFrom: new Date(now - 120 * DAY),
    notifiedTo: new Date(now - 30 * DAY),
    windowDays: 365,
    tiers: [{ tier: 'C', offenders: 100, rate: 0.5 }],
  });
}, 180_000);
afterAll(() => t.stop());

type Cell = {
  tier: string | null;
  cohort: string | null;
  agency: string | null;
  offenders: number | null;
  reoffended: number | null;
  rate: number | null;
  suppressed: boolean;
};
type Report = { recidivism: { threshold: number; excluded: number | null; excludedSuppressed: boolean; definition: string; cells: Cell[] } };
const RECIDIVISM = `query($w: Int!, $g: [RecidivismDimension!], $f: RecidivismFilter) {
  recidivism(windowDays: $w, groupBy: $g, filter: $f) { threshold excluded excludedSuppressed definition
    cells { tier cohort agency offenders reoffended rate suppressed } } }`;

describe('re-arrest by tier (known answer)', () => {
  it('recovers each planted rate within one percentage point through the gateway as ANALYST', async () => {
    const r = ok(await t.query<Report>('ANALYST', RECIDIVISM, { w: 365, g: ['TIER'] })).recidivism;
    expect(r.threshold).toBe(11);
    expect(r.cells.map((c) => c.tier)).toEqual(['A', 'B', 'C', 'D']);
    for (const c of r.cells) {
      expect(c.suppressed).toBe(false);
      expect(Math.abs(c.rate! - PLANTED[c.tier as keyof typeof PLANTED])).toBeLessThanOrEqual(0.01);
    }
    // Only offenders whose window has elapsed count; the recent cohort is reported as excluded, not counted.
    expect(r.cells.find((c) => c.tier === 'C')!.offenders).toBe(300);
    expect(r.excluded).toBeGreaterThanOrEqual(100);
    expect(r.definition).toMatch(/first notification served/);
  });

  it('suppresses the small agency, and a sibling so the total does not give it away', async () => {
    const r = ok(await t.query<Report>('ANALYST', RECIDIVISM, { w: 365, g: ['TIER', 'AGENCY'] })).recidivism;
    const small = r.cells.filter((c) => c.agency === SMALL);
    expect(small.length).toBeGreaterThan(0);
    for (const c of small) expect(c).toMatchObject({ suppressed: true, offenders: null, reoffended: null, rate: null });
    const bigD = r.cells.find((c) => c.agency === BIG && c.tier === 'D')!;
    expect(bigD.suppressed).toBe(true);
    const total = ok(await t.query<Report>('ANALYST', RECIDIVISM, { w: 365, g: ['AGENCY'], f: { agencies: [SMALL] } })).recidivism;
    expect(total.cells).toEqual([expect.objectContaining({ agency: SMALL, suppressed: true, offenders: null })]);
  });

  it('groups by quarterly cohort and selects whole quarters only; a date range without a cohort grouping is refused', async () => {
    const r = ok(await t.query<Report>('COORDINATOR', RECIDIVISM, { w: 365, g: ['COHORT_QUARTER'] })).recidivism;
    expect(r.cells.length).toBeGreaterThanOrEqual(8);
    expect(r.cells.every((c) => /^\d{4}-Q[1-4]$/.test(c.cohort!))).toBe(true);
    const first = r.cells[1]!.cohort!;
    const [y, q] = first.split('-Q').map(Number) as [number, number];
    const from = new Date(Date.UTC(y, (q - 1) * 3, 1)).toISOString();
    const one = ok(
      await t.query<Report>('ANALYST', RECIDIVISM, { w: 365, g: ['COHORT_QUARTER'], f: { from, to: new Date(Date.UTC(y, q * 3, 1)).toISOString() } }),
    ).recidivism;
    expect(one.cells.map((c) => c.cohort)).toEqual([first]);
    const refused = await t.query('ANALYST', RECIDIVISM, { w: 365, g: ['TIER'], f: { from } });
    expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.errors![0]!.extensions!.field).toBe('filter.from');
    const badWindow = await t.query('ANALYST', RECIDIVISM, { w: 366 });
    expect(codes(badWindow)).toEqual(['BAD_USER_INPUT']);
    expect(badWindow.errors![0]!.extensions!.field).toBe('windowDays');
  });

  it('combines measures in one ad hoc query (movement, distribution, timeliness)', async () => {
    const res = ok(
      await t.query<{
        tierMovement: { cells: { fromTier: string | null; toTier: string | null; firstAssignment: boolean | null; assignments: number | null }[] };
        tierDistribution: { cells: { period: string; tier: string; offenders: number | null }[] };
        notificationTimeliness: {
          cells: { tier: string; delivered: number | null; onTimeShare: number | null; medianHoursToDelivery: number | null; suppressed: boolean }[];
        };
      }>(
        'ANALYST',
        `{
      tierMovement(groupBy: [TRANSITION]) { cells { fromTier toTier firstAssignment assignments } }
      tierDistribution(period: YEAR, groupBy: [TIER]) { cells { period tier offenders } }
      notificationTimeliness(groupBy: [TIER]) { cells { tier delivered onTimeShare medianHoursToDelivery suppressed } }
    }`,
      ),
    );
    const dToC = res.tierMovement.cells.find((c) => c.fromTier === 'D' && c.toTier === 'C')!;
    expect(dToC.assignments).toBe(40 + 2); // planted: 10% of the 400 D offenders and 2 of the small agency's 7 were re-arrested and moved up
    expect(res.tierMovement.cells.find((c) => c.firstAssignment && c.toTier === 'A')!.assignments).toBe(100);
    expect(res.tierDistribution.cells.length).toBeGreaterThan(0);
    const d = res.notificationTimeliness.cells.find((c) => c.tier === 'D')!;
    expect(d.delivered).toBe(407);
    expect(d.onTimeShare).toBeCloseTo(0.5, 1);
    expect(d.medianHoursToDelivery).toBeGreaterThan(40);
    expect(d.medianHoursToDelivery).toBeLessThan(56);
  });
});

describe('analyst access', () => {
  it('is FORBIDDEN on person-level fields, and the aggregates are closed to police roles', async () => {
    const names = await t.query('ANALYST', '{ offenders(first: 1) { edges { node { name } } } }');
    expect(codes(names)).toContain('FORBIDDEN');
    const officer = await t.query('OFFICER', '{ recidivism(windowDays: 365) { threshold } }');
    expect(codes(officer)).toEqual(['FORBIDDEN']);
  });
});
