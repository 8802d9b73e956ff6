/** Notification timeliness: counts per tier x type x due period x agency, and exact median / p90 hours from incident to delivery (SQL grouping sets). */
import type { DataSource } from 'typeorm';
import {
  cellKey,
  groupingColumns,
  groupingKey,
  groupingSets,
  PERIOD_LEVEL,
  periodDimension,
  published,
  selectCells,
  SuppressedCube,
  type HubConfig,
  filterAgencies,
  Problems,
  range,
  readAggregate,
  share,
} from '@ipvi/core';
import { coord, tierCoord, typeCoord } from './coords';

const COUNTS_SQL = `
SELECT n.tier_at_notice AS tier, n.type, to_char(n.due_at AT TIME ZONE 'UTC', 'YYYY-MM') AS period, n.agency_ori AS agency,
       count(*)::int AS notifications,
       (count(*) FILTER (WHERE n.status = 'DELIVERED'))::int AS delivered,
       (count(*) FILTER (WHERE n.status = 'DELIVERED' AND n.delivered_at <= n.due_at))::int AS on_time,
       (count(*) FILTER (WHERE n.status = 'PENDING' AND n.due_at < $1::timestamptz))::int AS overdue
FROM notification n WHERE n.status <> 'SUPERSEDED'
GROUP BY 1, 2, 3, 4`;

/** Columns of the percentile dimensions, in the cube's order: tier, type, period (month, quarter, year), agency. */
const PERCENTILE_DIMS = [['tier'], ['type'], ['m', 'q', 'y'], ['agency']] as const;

const PERCENTILES_SQL = `
WITH d AS (
  SELECT n.tier_at_notice AS tier, n.type, n.agency_ori AS agency, n.due_at AT TIME ZONE 'UTC' AS due,
         extract(epoch FROM n.delivered_at - i.occurred_at) / 3600.0 AS hours
  FROM notification n
  JOIN tier_assignment a ON a.id = n.assignment_id
  JOIN offender_incident i ON i.offender_id = n.offender_id AND i.incident_id = a.trigger_incident_id
  WHERE n.status = 'DELIVERED'
), e AS (
  SELECT d.*, to_char(due, 'YYYY-MM') AS m, to_char(due, 'YYYY') || '-Q' || to_char(due, 'Q') AS q, to_char(due, 'YYYY') AS y FROM d
)
SELECT ${groupingColumns(PERCENTILE_DIMS)},
       percentile_cont(0.5) WITHIN GROUP (ORDER BY hours) AS median, percentile_cont(0.9) WITHIN GROUP (ORDER BY hours) AS p90
FROM e GROUP BY ${groupingSets(PERCENTILE_DIMS)}`;

interface PercentileRow {
  median: number;
  p90: number;
}

export type TimelinessDimension = 'TIER' | 'TYPE' | 'PERIOD_MONTH' | 'PERIOD_QUARTER' | 'PERIOD_YEAR' | 'AGENCY';
export interface TimelinessArgs {
  groupBy?: TimelinessDimension[] | null;
  filter?: { from?: Date | null; to?: Date | null; agencies?: string[] | null; tiers?: string[] | null } | null;
}

const GROUPING: Readonly<Record<TimelinessDimension, { dim: number; level: number }>> = {
  TIER: { dim: 0, level: 0 },
  TYPE: { dim: 1, level: 0 },
  PERIOD_MONTH: { dim: 2, level: PERIOD_LEVEL.MONTH },
  PERIOD_QUARTER: { dim: 2, level: PERIOD_LEVEL.QUARTER },
  PERIOD_YEAR: { dim: 2, level: PERIOD_LEVEL.YEAR },
  AGENCY: { dim: 3, level: 0 },
};

export async function notificationTimeliness(ds: DataSource, config: HubConfig, now: Date, args: TimelinessArgs) {
  const threshold = config.analytics.threshold;
  // The arguments' problems in one answer: selectCells adds the date range's and throws them.
  const problems = new Problems('');
  const agencies = filterAgencies(config, 'police', args.filter?.agencies, 'filter.agencies', problems);
  const rows = await readAggregate<{
    tier: string;
    type: string;
    period: string;
    agency: string;
    notifications: number;
    delivered: number;
    on_time: number;
    overdue: number;
  }>(ds, COUNTS_SQL, [now]);
  const cube = new SuppressedCube(
    {
      dimensions: [{ name: 'tier' }, { name: 'type' }, periodDimension('period'), { name: 'agency' }],
      counts: ['notifications', 'delivered', 'onTime', 'late', 'overdue'],
      protectedCounts: ['notifications', 'delivered', 'onTime', 'late', 'overdue'],
      threshold,
    },
    rows.map((r) => ({ coords: [r.tier, r.type, r.period, r.agency], counts: [r.notifications, r.delivered, r.on_time, r.delivered - r.on_time, r.overdue] })),
  );
  const percentiles = new Map<string, PercentileRow>();
  for (const p of await readAggregate<PercentileRow & Record<string, unknown>>(ds, PERCENTILES_SQL, [])) percentiles.set(groupingKey(PERCENTILE_DIMS, p), p);
  const { from, to } = range(args.filter);
  const cells = selectCells(
    cube,
    {
      groupBy: [...new Set(args.groupBy ?? [])].map((d) => GROUPING[d]),
      values: [
        { dim: 0, values: args.filter?.tiers },
        { dim: 3, values: agencies },
      ],
      period: { dim: 2, from, to, field: 'filter.from' },
    },
    problems,
  );
  return {
    definition:
      'Notifications that were not superseded, by tier at notice, type, month due (UTC) and police agency. On time: served at or before the due time. ' +
      'Overdue: pending after the due time, as of asOf. Hours to service: from the incident that triggered the tier assignment to the moment the notification was served, ' +
      'median and 90th percentile over served notifications with a triggering incident. Cells with any count of 1..threshold-1 (notifications, served, on time, late, overdue) ' +
      'are suppressed whole, with complementary suppression.',
    threshold,
    asOf: now,
    cells: cells.map((c) => {
      const p = c.suppressed ? undefined : percentiles.get(cellKey(c.levels, c.coords));
      const delivered = published(c, 1);
      const onTime = published(c, 2);
      return {
        tier: tierCoord(c.coords[0]),
        type: typeCoord(c.coords[1]),
        period: coord(c.coords[2]),
        agency: coord(c.coords[3]),
        notifications: published(c, 0),
        delivered,
        deliveredOnTime: onTime,
        onTimeShare: share(onTime, delivered),
        overdue: published(c, 4),
        medianHoursToDelivery: p?.median ?? null,
        p90HoursToDelivery: p?.p90 ?? null,
        suppressed: c.suppressed,
      };
    }),
  };
}
