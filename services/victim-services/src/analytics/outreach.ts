/**
 * Victim services, aggregate only (VAWA: advocates' data leaves the agency as counts): referrals and
 * how many were reached, time to first contact, and activities (safety plans, consents, services by
 * type), each suppressed as one cube per measure.
 */
import type { DataSource } from 'typeorm';
import type { VictimServiceActivity } from '../generated/resolvers';
import {
  cellKey,
  filterAgencies,
  Problems,
  groupingColumns,
  groupingKey,
  groupingSets,
  PERIOD_LEVEL,
  periodDimension,
  published,
  range,
  readAggregate,
  selectCells,
  share,
  SuppressedCube,
  type HubConfig,
} from '@ipvi/core';

const REACH_SQL = `
SELECT r.advocacy_agency AS agency, to_char(r.referred_at AT TIME ZONE 'UTC', 'YYYY-MM') AS period,
       count(*)::int AS referrals, count(r.first_contact_at)::int AS reached
FROM referral r GROUP BY 1, 2`;

const CONTACT_DIMS = [['m', 'q', 'y'], ['agency']] as const;
const CONTACT_SQL = `
WITH e AS (
  SELECT r.advocacy_agency AS agency, to_char(r.referred_at AT TIME ZONE 'UTC', 'YYYY-MM') AS m,
         to_char(r.referred_at AT TIME ZONE 'UTC', 'YYYY') || '-Q' || to_char(r.referred_at AT TIME ZONE 'UTC', 'Q') AS q,
         to_char(r.referred_at AT TIME ZONE 'UTC', 'YYYY') AS y,
         extract(epoch FROM r.first_contact_at - r.referred_at) / 3600.0 AS hours
  FROM referral r WHERE r.first_contact_at IS NOT NULL
)
SELECT ${groupingColumns(CONTACT_DIMS)}, percentile_cont(0.5) WITHIN GROUP (ORDER BY hours) AS median
FROM e GROUP BY ${groupingSets(CONTACT_DIMS)}`;

const ACTIVITY_SQL = `
SELECT x.activity, to_char(x.at AT TIME ZONE 'UTC', 'YYYY-MM') AS period, x.agency, count(*)::int AS count
FROM (
  SELECT 'SAFETY_PLAN' AS activity, p.created_at AS at, c.advocacy_agency AS agency FROM safety_plan p JOIN client c ON c.id = p.client_id WHERE p.version = 1
  UNION ALL SELECT 'CONSENT_SIGNED', k.signed_at, c.advocacy_agency FROM consent k JOIN client c ON c.id = k.client_id
  UNION ALL SELECT 'CONSENT_REVOKED', k.revoked_at, c.advocacy_agency FROM consent k JOIN client c ON c.id = k.client_id WHERE k.revoked_at IS NOT NULL
  UNION ALL SELECT 'SERVICE_' || s.kind, s.created_at, c.advocacy_agency FROM service_referral s JOIN client c ON c.id = s.client_id
) x GROUP BY 1, 2, 3`;

type PeriodDimension = 'PERIOD_MONTH' | 'PERIOD_QUARTER' | 'PERIOD_YEAR';
const PERIOD: Readonly<Record<PeriodDimension, number>> = {
  PERIOD_MONTH: PERIOD_LEVEL.MONTH,
  PERIOD_QUARTER: PERIOD_LEVEL.QUARTER,
  PERIOD_YEAR: PERIOD_LEVEL.YEAR,
};

export interface ReachArgs {
  groupBy?: (PeriodDimension | 'AGENCY')[] | null;
  filter?: { from?: Date | null; to?: Date | null; agencies?: string[] | null } | null;
}

export async function outreachReach(ds: DataSource, config: HubConfig, args: ReachArgs) {
  const threshold = config.analytics.threshold;
  // The arguments' problems in one answer: selectCells adds the date range's and throws them.
  const problems = new Problems('');
  const agencies = filterAgencies(config, 'advocacy', args.filter?.agencies, 'filter.agencies', problems);
  const rows = await readAggregate<{ agency: string; period: string; referrals: number; reached: number }>(ds, REACH_SQL, []);
  const cube = new SuppressedCube(
    {
      dimensions: [periodDimension('period'), { name: 'agency' }],
      counts: ['referrals', 'reached', 'notReached'],
      protectedCounts: ['referrals', 'reached', 'notReached'],
      threshold,
    },
    rows.map((r) => ({ coords: [r.period, r.agency], counts: [r.referrals, r.reached, r.referrals - r.reached] })),
  );
  const medians = new Map<string, number>();
  for (const r of await readAggregate<Record<string, unknown> & { median: number }>(ds, CONTACT_SQL, [])) medians.set(groupingKey(CONTACT_DIMS, r), r.median);
  const { from, to } = range(args.filter);
  const cells = selectCells(
    cube,
    {
      groupBy: [...new Set(args.groupBy ?? [])].map((d) => (d === 'AGENCY' ? { dim: 1, level: 0 } : { dim: 0, level: PERIOD[d] })),
      values: [{ dim: 1, values: agencies }],
      period: { dim: 0, from, to, field: 'filter.from' },
    },
    problems,
  );
  return {
    definition:
      'Referrals of police-recorded victims to advocacy agencies, by month referred (UTC) and agency. Reached: the referral has a first contact (an outreach attempt ' +
      'that reached the victim). Hours to first contact: from referral to first contact, median over reached referrals. Cells with referrals, reached or not reached ' +
      'of 1..threshold-1 are suppressed whole, with complementary suppression.',
    threshold,
    cells: cells.map((c) => {
      const referrals = published(c, 0);
      const reached = published(c, 1);
      return {
        period: c.coords[0] ?? null,
        agency: c.coords[1] ?? null,
        referrals,
        reached,
        reachedShare: share(reached, referrals),
        medianHoursToFirstContact: c.suppressed ? null : (medians.get(cellKey(c.levels, c.coords)) ?? null),
        suppressed: c.suppressed,
      };
    }),
  };
}

export interface ActivityArgs {
  groupBy?: (PeriodDimension | 'AGENCY' | 'ACTIVITY')[] | null;
  filter?: { from?: Date | null; to?: Date | null; agencies?: string[] | null; activities?: string[] | null } | null;
}

export async function victimServiceActivity(ds: DataSource, config: HubConfig, args: ActivityArgs) {
  const threshold = config.analytics.threshold;
  // The arguments' problems in one answer: selectCells adds the date range's and throws them.
  const problems = new Problems('');
  const agencies = filterAgencies(config, 'advocacy', args.filter?.agencies, 'filter.agencies', problems);
  const rows = await readAggregate<{ activity: string; period: string; agency: string; count: number }>(ds, ACTIVITY_SQL, []);
  const cube = new SuppressedCube(
    { dimensions: [{ name: 'activity' }, periodDimension('period'), { name: 'agency' }], counts: ['count'], protectedCounts: ['count'], threshold },
    rows.map((r) => ({ coords: [r.activity, r.period, r.agency], counts: [r.count] })),
  );
  const { from, to } = range(args.filter);
  const cells = selectCells(
    cube,
    {
      groupBy: [...new Set(args.groupBy ?? [])].map((d) =>
        d === 'ACTIVITY' ? { dim: 0, level: 0 } : d === 'AGENCY' ? { dim: 2, level: 0 } : { dim: 1, level: PERIOD[d] },
      ),
      values: [
        { dim: 0, values: args.filter?.activities },
        { dim: 2, values: agencies },
      ],
      period: { dim: 1, from, to, field: 'filter.from' },
    },
    problems,
  );
  return {
    definition:
      "Counts of advocates' activities by month (UTC) and agency: new safety plans (a client's first version), consents signed, consents revoked, and service " +
      'referrals by kind (month created). Counts only; counts of 1..threshold-1 are suppressed, with complementary suppression.',
    threshold,
    cells: cells.map((c) => ({
      activity: (c.coords[0] ?? null) as VictimServiceActivity | null,
      period: c.coords[1] ?? null,
      agency: c.coords[2] ?? null,
      count: published(c, 0),
      suppressed: c.suppressed,
    })),
  };
}
