/** Tier distribution (a stock at period ends) and tier movement (a flow per period), from the assignment history. */
import type { DataSource } from 'typeorm';
import {
  PERIOD_LEVEL,
  periodDimension,
  periodEnd,
  periodWithin,
  published,
  selectCells,
  SuppressedCube,
  type HubConfig,
  type PeriodGranularity,
  filterAgencies,
  Problems,
  range,
  readAggregate,
} from '@ipvi/core';
import { coord, tierCoord } from './coords';

const DISTRIBUTION_SQL = `
WITH a AS (
  SELECT level, agency_ori, assigned_at,
         lead(assigned_at) OVER (PARTITION BY offender_id ORDER BY assigned_at, seq) AS until
  FROM tier_assignment
), months AS (
  SELECT m, least((m + interval '1 month') AT TIME ZONE 'UTC', $1::timestamptz) AS month_end
  FROM generate_series(
    (SELECT date_trunc('month', min(assigned_at) AT TIME ZONE 'UTC') FROM tier_assignment),
    date_trunc('month', $1::timestamptz AT TIME ZONE 'UTC'), interval '1 month') AS m
)
SELECT to_char(months.m, 'YYYY-MM') AS period, a.level AS tier, a.agency_ori AS agency, count(*)::int AS offenders
FROM months JOIN a ON a.assigned_at < months.month_end AND (a.until IS NULL OR a.until >= months.month_end)
GROUP BY 1, 2, 3`;

const MOVEMENT_SQL = `
SELECT coalesce(previous_level, 'NEW') || '>' || level AS transition, to_char(assigned_at AT TIME ZONE 'UTC', 'YYYY-MM') AS period,
       agency_ori AS agency, count(*)::int AS assignments
FROM tier_assignment GROUP BY 1, 2, 3`;

function relabel(month: string, granularity: PeriodGranularity): string {
  const [y, m] = month.split('-') as [string, string];
  return granularity === 'MONTH' ? month : granularity === 'YEAR' ? y : `${y}-Q${Math.ceil(Number(m) / 3)}`;
}

export interface DistributionArgs {
  period?: PeriodGranularity | null;
  groupBy?: ('TIER' | 'AGENCY')[] | null;
  filter?: { from?: Date | null; to?: Date | null; agencies?: string[] | null } | null;
}

export async function tierDistribution(ds: DataSource, config: HubConfig, now: Date, args: DistributionArgs) {
  const threshold = config.analytics.threshold;
  // The arguments' problems in one answer: selectCells adds the date range's and throws them.
  const problems = new Problems('');
  const agencies = filterAgencies(config, 'police', args.filter?.agencies, 'filter.agencies', problems);
  const rows = await readAggregate<{ period: string; tier: string; agency: string; offenders: number }>(ds, DISTRIBUTION_SQL, [now]);
  // Snapshots are not additive over time: the period has no roll-up and no total; tiers and agencies do.
  const cube = new SuppressedCube(
    { dimensions: [{ name: 'period', total: false }, { name: 'tier' }, { name: 'agency' }], counts: ['offenders'], protectedCounts: ['offenders'], threshold },
    rows.map((r) => ({ coords: [r.period, r.tier, r.agency], counts: [r.offenders] })),
  );
  const granularity = args.period ?? 'QUARTER';
  const groupBy = [{ dim: 0, level: 0 }, ...[...new Set(args.groupBy ?? [])].map((d) => ({ dim: d === 'TIER' ? 1 : 2, level: 0 }))];
  const { from, to } = range(args.filter);
  // A period's snapshot is its last month's (the current month's, as of now, for the period under way).
  const months = [...new Set(rows.map((r) => r.period))].sort();
  const snapshot = new Map<string, string>();
  for (const m of months) snapshot.set(relabel(m, granularity), m);
  const current = months[months.length - 1];
  const cells = selectCells(cube, { groupBy, values: [{ dim: 2, values: agencies }] }, problems)
    .filter((c) => snapshot.get(relabel(c.coords[0]!, granularity)) === c.coords[0])
    .map((c) => {
      const end = periodEnd(c.coords[0]!);
      return {
        period: relabel(c.coords[0]!, granularity),
        asOf: c.coords[0] === current && end > now ? now : end,
        tier: tierCoord(c.coords[1]),
        agency: coord(c.coords[2]),
        offenders: published(c, 0),
        suppressed: c.suppressed,
      };
    })
    .filter((c) => periodWithin(c.period, from, to));
  return {
    definition:
      'Offenders by the tier of their latest tier assignment made before the end of each period (agency of that assignment); for the period under way, as of now (asOf). Counts of 1..threshold-1 are suppressed, with complementary suppression over tiers and agencies.',
    threshold,
    cells,
  };
}

export type MovementDimension = 'TRANSITION' | 'PERIOD_MONTH' | 'PERIOD_QUARTER' | 'PERIOD_YEAR' | 'AGENCY';
export interface MovementArgs {
  groupBy?: MovementDimension[] | null;
  filter?: { from?: Date | null; to?: Date | null; agencies?: string[] | null } | null;
}

const MOVEMENT_GROUPING: Readonly<Record<MovementDimension, { dim: number; level: number }>> = {
  TRANSITION: { dim: 0, level: 0 },
  PERIOD_MONTH: { dim: 1, level: PERIOD_LEVEL.MONTH },
  PERIOD_QUARTER: { dim: 1, level: PERIOD_LEVEL.QUARTER },
  PERIOD_YEAR: { dim: 1, level: PERIOD_LEVEL.YEAR },
  AGENCY: { dim: 2, level: 0 },
};

export async function tierMovement(ds: DataSource, config: HubConfig, args: MovementArgs) {
  const threshold = config.analytics.threshold;
  // The arguments' problems in one answer: selectCells adds the date range's and throws them.
  const problems = new Problems('');
  const agencies = filterAgencies(config, 'police', args.filter?.agencies, 'filter.agencies', problems);
  const rows = await readAggregate<{ transition: string; period: string; agency: string; assignments: number }>(ds, MOVEMENT_SQL, []);
  const cube = new SuppressedCube(
    {
      dimensions: [{ name: 'transition' }, periodDimension('period'), { name: 'agency' }],
      counts: ['assignments'],
      protectedCounts: ['assignments'],
      threshold,
    },
    rows.map((r) => ({ coords: [r.transition, r.period, r.agency], counts: [r.assignments] })),
  );
  const { from, to } = range(args.filter);
  const cells = selectCells(
    cube,
    {
      groupBy: [...new Set(args.groupBy ?? [])].map((d) => MOVEMENT_GROUPING[d]),
      values: [{ dim: 2, values: agencies }],
      period: { dim: 1, from, to, field: 'filter.from' },
    },
    problems,
  );
  return {
    definition:
      'Tier assignments made in each period (by assignedAt, UTC), by the tier before (none for a first assignment) and the tier after, and the agency of the assignment. Counts of 1..threshold-1 are suppressed, with complementary suppression.',
    threshold,
    cells: cells.map((c) => {
      const [before, after] = c.coords[0]?.split('>') ?? [null, null];
      return {
        firstAssignment: c.coords[0] === null ? null : before === 'NEW',
        fromTier: before === 'NEW' ? null : tierCoord(before),
        toTier: tierCoord(after),
        period: coord(c.coords[1]),
        agency: coord(c.coords[2]),
        assignments: published(c, 0),
        suppressed: c.suppressed,
      };
    }),
  };
}
