/**
 * Victim services leave the advocacy agency as counts only: reach, time to first contact and
 * activities come back to ANALYST and ADVOCATE_SUPERVISOR through the gateway, a small agency is
 * suppressed, and a front-line ADVOCATE (who reads the records) does not read the aggregates.
 */
import { codes, ok, startTestHub, type TestHub } from './harness/hub';

const BIG = 'ADV-FSP-01';
const SMALL = 'ADV-SMALL';
const THIRD = 'ADV-THIRD';
let t: TestHub;

beforeAll(async () => {
  t = await startTestHub({ env: { ADVOCACY_AGENCIES: `${BIG}=NC0410200;${SMALL}=NC0410200;${THIRD}=NC0410200` } });
  // 60 referrals in Q1 2024 for the big agency, 45 reached 10 hours after referral; 4 for the small one, 2 reached.
  await t.sql(
    'victim-services',
    `
    INSERT INTO referral (id, incident_id, advocacy_agency, state, referred_at, first_contact_at)
    SELECT gen_random_uuid(), gen_random_uuid(), $1, CASE WHEN g <= 45 THEN 'CONTACTED' ELSE 'ATTEMPTING' END,
           timestamptz '2024-01-03 09:00Z' + make_interval(days => g), CASE WHEN g <= 45 THEN timestamptz '2024-01-03 19:00Z' + make_interval(days => g) END
    FROM generate_series(1, 60) g`,
    [BIG],
  );
  await t.sql(
    'victim-services',
    `
    INSERT INTO referral (id, incident_id, advocacy_agency, state, referred_at, first_contact_at)
    SELECT gen_random_uuid(), gen_random_uuid(), $1, 'CONTACTED', timestamptz '2024-02-03 09:00Z' + make_interval(days => g),
           CASE WHEN g <= 2 THEN timestamptz '2024-02-04 09:00Z' + make_interval(days => g) END
    FROM generate_series(1, 4) g`,
    [SMALL],
  );
  await t.sql(
    'victim-services',
    `
    INSERT INTO referral (id, incident_id, advocacy_agency, state, referred_at, first_contact_at)
    SELECT gen_random_uuid(), gen_random_uuid(), $1, 'CONTACTED', timestamptz '2024-03-03 09:00Z', CASE WHEN g <= 30 THEN timestamptz '2024-03-03 12:00Z' END
    FROM generate_series(1, 40) g`,
    [THIRD],
  );
  // 40 clients of the big agency with a first safety plan and a shelter referral in March 2024; 3 legal referrals (small cell).
  await t.sql(
    'victim-services',
    `
    WITH c AS (
      INSERT INTO client (id, advocacy_agency, name, created_at, updated_at)
      SELECT gen_random_uuid(), $1, 'Synthetic client', timestamptz '2024-03-01Z', timestamptz '2024-03-01Z' FROM generate_series(1, 40) RETURNING id
    ), p AS (
      INSERT INTO safety_plan (id, client_id, version, plan, created_by, created_at) SELECT gen_random_uuid(), id, 1, '{}', 'synthetic', timestamptz '2024-03-05Z' FROM c RETURNING client_id
    )
    INSERT INTO service_referral (id, client_id, kind, status, created_by, created_at, updated_at)
    SELECT gen_random_uuid(), id, 'SHELTER', 'REFERRED', 'synthetic', timestamptz '2024-03-06Z', timestamptz '2024-03-06Z' FROM (SELECT id FROM c LIMIT 30) s
    UNION ALL SELECT gen_random_uuid(), id, 'COUNSELLING', 'REFERRED', 'synthetic', timestamptz '2024-03-06Z', timestamptz '2024-03-06Z' FROM (SELECT id FROM c LIMIT 25) k
    UNION ALL SELECT gen_random_uuid(), id, 'LEGAL', 'REFERRED', 'synthetic', timestamptz '2024-03-07Z', timestamptz '2024-03-07Z' FROM (SELECT id FROM c LIMIT 3) l`,
    [BIG],
  );
}, 120_000);
afterAll(() => t.stop());

type Reach = {
  outreachReach: {
    threshold: number;
    cells: {
      period: string | null;
      agency: string | null;
      referrals: number | null;
      reached: number | null;
      reachedShare: number | null;
      medianHoursToFirstContact: number | null;
      suppressed: boolean;
    }[];
  };
};
const REACH = `query($g: [OutreachDimension!], $f: OutreachFilter) { outreachReach(groupBy: $g, filter: $f) {
  threshold cells { period agency referrals reached reachedShare medianHoursToFirstContact suppressed } } }`;

describe('victim services aggregates', () => {
  it('reports referrals, the share reached and the median time to first contact, suppressing the small agency', async () => {
    const r = ok(await t.query<Reach>('ANALYST', REACH, { g: ['AGENCY', 'PERIOD_QUARTER'] })).outreachReach;
    expect(r.cells.find((c) => c.agency === BIG)).toEqual({
      period: '2024-Q1',
      agency: BIG,
      referrals: 60,
      reached: 45,
      reachedShare: 0.75,
      medianHoursToFirstContact: 10,
      suppressed: false,
    });
    expect(r.cells.find((c) => c.agency === SMALL)).toMatchObject({
      referrals: null,
      reached: null,
      reachedShare: null,
      medianHoursToFirstContact: null,
      suppressed: true,
    });
    // Complementary: the partnership total (104) minus the big agency would give the small one away, so the next smallest sibling is withheld too.
    expect(r.cells.find((c) => c.agency === THIRD)).toMatchObject({ referrals: null, suppressed: true });
    const total = ok(await t.query<Reach>('ADVOCATE_SUPERVISOR', REACH, { g: ['PERIOD_QUARTER'] })).outreachReach.cells;
    expect(total).toEqual([expect.objectContaining({ period: '2024-Q1', suppressed: false, referrals: 104 })]);
  });

  it('counts safety plans and services by type, counts only', async () => {
    const res = ok(
      await t.query<{ victimServiceActivity: { cells: { activity: string; count: number | null; suppressed: boolean }[] } }>(
        'ANALYST',
        '{ victimServiceActivity(groupBy: [ACTIVITY]) { cells { activity count suppressed } } }',
      ),
    );
    const by = Object.fromEntries(res.victimServiceActivity.cells.map((c) => [c.activity, c]));
    expect(by.SAFETY_PLAN).toEqual({ activity: 'SAFETY_PLAN', count: 40, suppressed: false });
    expect(by.SERVICE_SHELTER!.count).toBe(30);
    expect(by.SERVICE_LEGAL).toEqual({ activity: 'SERVICE_LEGAL', count: null, suppressed: true });
    // The total of all activities is published, so the smallest other activity is withheld with the small one.
    expect(by.SERVICE_COUNSELLING).toEqual({ activity: 'SERVICE_COUNSELLING', count: null, suppressed: true });
  });

  it('is closed to front-line advocates and police, and refuses an agency the partnership does not know', async () => {
    expect(codes(await t.query('ADVOCATE', '{ outreachReach { threshold } }'))).toEqual(['FORBIDDEN']);
    expect(codes(await t.query('OFFICER', '{ outreachReach { threshold } }'))).toEqual(['FORBIDDEN']);
    const bad = await t.query('ANALYST', REACH, { f: { agencies: ['NC0410200'] } });
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(bad.errors![0]!.extensions!.field).toBe('filter.agencies[0]');
  });
});
