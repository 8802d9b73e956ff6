/**
 * Re-arrest among notified offenders (contract: Query.recidivism), computed in SQL over tiering's
 * outcome ledger and incident ledger, then suppressed as one cube (tier x cohort x agency).
 */
import type { DataSource } from 'typeorm';
import {
  periodDimension,
  Problems,
  published,
  selectCells,
  suppressSmall,
  SuppressedCube,
  type Grouping,
  type HubConfig,
  filterAgencies,
  range,
  readAggregate,
  share,
} from '@ipvi/core';
import { coord, tierCoord } from './coords';

export const WINDOW_DAYS = [180, 365, 545, 730, 1095] as const;

export type RecidivismDimension = 'TIER' | 'COHORT_MONTH' | 'COHORT_QUARTER' | 'COHORT_YEAR' | 'AGENCY';
export interface RecidivismArgs {
  windowDays: number;
  groupBy?: RecidivismDimension[] | null;
  filter?: { from?: Date | null; to?: Date | null; agencies?: string[] | null; tiers?: string[] | null } | null;
}

const GROUPING: Readonly<Record<RecidivismDimension, Grouping>> = {
  TIER: { dim: 0, level: 0 },
  COHORT_MONTH: { dim: 1, level: 0 },
  COHORT_QUARTER: { dim: 1, level: 1 },
  COHORT_YEAR: { dim: 1, level: 2 },
  AGENCY: { dim: 2, level: 0 },
};

/** What counts as a re-arrest: shared by the measure and docs/measures.md (and matched by the partial index of migration 290). */
export const REARREST_PREDICATE = `((i.is_intimate_partner AND i.arrest_made) OR i.charges @> '[{"dvRelated": true}]'::jsonb)`;

export const RECIDIVISM_SQL = `
WITH first AS (
  SELECT o.offender_id, o.first_notified_at AS at, o.tier_at_first_notice AS tier, n.agency_ori AS agency,
         date_trunc('month', o.first_notified_at AT TIME ZONE 'UTC') AS cohort_start
  FROM offender_outcome o JOIN notification n ON n.id = o.first_notification_id
), judged AS (
  SELECT f.*, ((f.cohort_start + interval '1 month') AT TIME ZONE 'UTC') + make_interval(days => $1::int) <= $2::timestamptz AS eligible
  FROM first f
), rearrested AS (
  SELECT DISTINCT j.offender_id FROM judged j JOIN offender_incident i ON i.offender_id = j.offender_id
  WHERE j.eligible AND i.occurred_at > j.at AND i.occurred_at <= j.at + make_interval(days => $1::int) AND ${REARREST_PREDICATE}
)
SELECT j.tier, to_char(j.cohort_start, 'YYYY-MM') AS cohort, j.agency,
       (count(*) FILTER (WHERE j.eligible))::int AS offenders,
       (count(r.offender_id) FILTER (WHERE j.eligible))::int AS reoffended,
       (count(*) FILTER (WHERE NOT j.eligible))::int AS excluded
FROM judged j LEFT JOIN rearrested r ON r.offender_id = j.offender_id
GROUP BY 1, 2, 3`;

interface FactRow {
  tier: string;
  cohort: string;
  agency: string;
  offenders: number;
  reoffended: number;
  excluded: number;
}

export function recidivismDefinition(windowDays: number): string {
  return (
    `Denominator: offenders who were served a notification, counted once at the first notification served to them (tier at notice, cohort month, police agency), ` +
    `whose whole cohort month plus ${windowDays} days has elapsed. Numerator: those with at least one incident in the tiering ledger within ${windowDays} days after ` +
    `that notification that is an intimate-partner incident with an arrest, or carries a DV-related charge. Offenders whose cohort window has not elapsed are excluded ` +
    `and counted in 'excluded'. Cells of 1..threshold-1 (numerator, denominator or non-re-arrested) are suppressed, with complementary suppression.`
  );
}

export async function recidivism(ds: DataSource, config: HubConfig, now: Date, args: RecidivismArgs) {
  // The arguments' problems in one answer (paths are the arguments' names); selectCells adds the date range's. The
  // window is read by the aggregate itself, so a wrong one is answered before it (with the others found so far).
  const p = new Problems('');
  const windowOk = (WINDOW_DAYS as readonly number[]).includes(args.windowDays);
  p.check(windowOk, 'windowDays', `must be one of ${WINDOW_DAYS.join(', ')}`);
  p.check((args.groupBy ?? []).filter((d) => d.startsWith('COHORT_')).length <= 1, 'groupBy', 'may hold one cohort granularity only');
  const agencies = filterAgencies(config, 'police', args.filter?.agencies, 'filter.agencies', p);
  if (!windowOk) p.throwIfAny();
  const threshold = config.analytics.threshold;
  const facts = await readAggregate<FactRow>(ds, RECIDIVISM_SQL, [args.windowDays, now]);
  const cube = new SuppressedCube(
    {
      dimensions: [{ name: 'tier' }, periodDimension('cohort'), { name: 'agency' }],
      counts: ['offenders', 'reoffended', 'notReoffended'],
      protectedCounts: ['offenders', 'reoffended', 'notReoffended'],
      threshold,
    },
    facts
      .filter((f) => f.offenders > 0)
      .map((f) => ({ coords: [f.tier, f.cohort, f.agency], counts: [f.offenders, f.reoffended, f.offenders - f.reoffended] })),
  );
  const { from, to } = range(args.filter);
  const cells = selectCells(
    cube,
    {
      groupBy: [...new Set(args.groupBy ?? [])].map((d) => GROUPING[d]),
      values: [
        { dim: 0, values: args.filter?.tiers },
        { dim: 2, values: agencies },
      ],
      period: { dim: 1, from, to, field: 'filter.from' },
    },
    p,
  );
  const excluded = suppressSmall(
    facts.reduce((s, f) => s + f.excluded, 0),
    threshold,
  );
  return {
    definition: recidivismDefinition(args.windowDays),
    threshold,
    windowDays: args.windowDays,
    asOf: now,
    excluded,
    excludedSuppressed: excluded === null,
    cells: cells.map((c) => {
      const offenders = published(c, 0);
      const reoffended = published(c, 1);
      return {
        tier: tierCoord(c.coords[0]),
        cohort: coord(c.coords[1]),
        agency: coord(c.coords[2]),
        offenders,
        reoffended,
        rate: share(reoffended, offenders),
        suppressed: c.suppressed,
      };
    }),
  };
}
