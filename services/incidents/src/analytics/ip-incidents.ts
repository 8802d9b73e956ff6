/**
 * Intimate-partner incidents per period by most serious offense, relationship, arrest, injury and
 * LAP screen result. Computed here, not in tiering: the injury and the lethality screen live only in
 * the incidents database (tiering's ledger holds offenses, relationship and arrest).
 */
import type { IncidentInjury, LapScreenOutcome } from '../generated/resolvers';
import type { DataSource } from 'typeorm';
import {
  filterAgencies,
  linkMargins,
  PERIOD_LEVEL,
  periodDimension,
  Problems,
  published,
  range,
  readAggregate,
  selectCells,
  SuppressedCube,
  type HubConfig,
} from '@ipvi/core';

/** Most serious first: an incident is counted once, under the first of these it carries (else OTHER). */
export const OFFENSE_ORDER = ['09A', '100', '11A', '11B', '11C', '11D', '13A', '13B', '13C', '90Z'] as const;
const IP_RELATIONSHIPS = ['SE', 'CS', 'BG', 'XS', 'XR', 'HR'];

const SQL = `
SELECT to_char(i.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM') AS period, i.agency_ori AS agency,
  coalesce((SELECT o FROM unnest($1::text[]) WITH ORDINALITY AS s(o, n) WHERE o = ANY(i.offense_codes) ORDER BY n LIMIT 1), 'OTHER') AS offense,
  CASE WHEN i.relationship_code = ANY($2::text[]) THEN i.relationship_code ELSE 'OTHER' END AS relationship,
  CASE WHEN i.arrest_made THEN 'ARREST' ELSE 'NO_ARREST' END AS arrest,
  CASE WHEN i.injury_code IS NULL THEN 'UNKNOWN' WHEN i.injury_code = 'N' THEN 'NONE' ELSE 'INJURY' END AS injury,
  CASE WHEN l.id IS NULL THEN 'NO_SCREEN' WHEN l.declined THEN 'DECLINED'
       WHEN coalesce(l.used_weapon, false) OR coalesce(l.threatened_to_kill, false) OR coalesce(l.thinks_might_kill, false) OR l.officer_belief
         OR (coalesce(l.has_gun, false)::int + coalesce(l.choked, false)::int + coalesce(l.jealous_or_controlling, false)::int + coalesce(l.separated, false)::int
           + coalesce(l.unemployed, false)::int + coalesce(l.suicidal, false)::int + coalesce(l.child_not_partners, false)::int + coalesce(l.stalks, false)::int) >= 4
       THEN 'SCREENED_IN' ELSE 'NOT_SCREENED_IN' END AS lap,
  count(*)::int AS incidents
FROM incident i LEFT JOIN lethality_screen l ON l.incident_id = i.id
WHERE i.is_intimate_partner
GROUP BY 1, 2, 3, 4, 5, 6, 7`;

export type IpIncidentDimension = 'PERIOD_MONTH' | 'PERIOD_QUARTER' | 'PERIOD_YEAR' | 'AGENCY' | IpBreakdown;
type IpBreakdown = 'OFFENSE' | 'RELATIONSHIP' | 'ARREST' | 'INJURY' | 'LAP_SCREEN';
export interface IpIncidentArgs {
  groupBy?: IpIncidentDimension[] | null;
  filter?: { from?: Date | null; to?: Date | null; agencies?: string[] | null } | null;
}

/** Breakdowns and their SQL column; one table each over period x agency x breakdown, margins linked. */
const BREAKDOWNS: Readonly<Record<IpBreakdown, string>> = {
  OFFENSE: 'offense',
  RELATIONSHIP: 'relationship',
  ARREST: 'arrest',
  INJURY: 'injury',
  LAP_SCREEN: 'lap',
};
const PERIOD: Readonly<Record<string, number>> = { PERIOD_MONTH: PERIOD_LEVEL.MONTH, PERIOD_QUARTER: PERIOD_LEVEL.QUARTER, PERIOD_YEAR: PERIOD_LEVEL.YEAR };

export async function intimatePartnerIncidents(ds: DataSource, config: HubConfig, args: IpIncidentArgs) {
  const threshold = config.analytics.threshold;
  // The arguments' problems, all in one answer (selectCells adds the date range's and throws them).
  const problems = new Problems('');
  const agencies = filterAgencies(config, 'police', args.filter?.agencies, 'filter.agencies', problems);
  const groupBy = [...new Set(args.groupBy ?? [])];
  const breakdowns = groupBy.filter((d): d is IpBreakdown => d in BREAKDOWNS);
  problems.check(breakdowns.length <= 1, 'groupBy', 'may hold one of OFFENSE, RELATIONSHIP, ARREST, INJURY, LAP_SCREEN at a time');
  const rows = await readAggregate<Record<string, string> & { incidents: number }>(ds, SQL, [OFFENSE_ORDER, IP_RELATIONSHIPS]);
  const cubes = new Map(
    (Object.keys(BREAKDOWNS) as IpBreakdown[]).map((b) => [
      b,
      new SuppressedCube(
        {
          dimensions: [periodDimension('period'), { name: 'agency' }, { name: BREAKDOWNS[b] }],
          counts: ['incidents'],
          protectedCounts: ['incidents'],
          threshold,
        },
        rows.map((r) => ({ coords: [r.period!, r.agency!, r[BREAKDOWNS[b]]!], counts: [r.incidents] })),
      ),
    ]),
  );
  linkMargins([...cubes.values()], 2);
  const breakdown = breakdowns[0] ?? 'OFFENSE';
  const { from, to } = range(args.filter);
  const cells = selectCells(
    cubes.get(breakdown)!,
    {
      // One breakdown (a second is already a problem above): the cube has one breakdown dimension.
      groupBy: groupBy
        .filter((d) => !(d in BREAKDOWNS) || d === breakdown)
        .map((d) => (d === 'AGENCY' ? { dim: 1, level: 0 } : d in PERIOD ? { dim: 0, level: PERIOD[d]! } : { dim: 2, level: 0 })),
      values: [{ dim: 1, values: agencies }],
      period: { dim: 0, from, to, field: 'filter.from' },
    },
    problems,
  );
  const value = (b: IpBreakdown, c: (typeof cells)[number]) => (breakdowns[0] === b ? (c.coords[2] ?? null) : null);
  return {
    definition:
      'Incidents recorded as intimate-partner (validated relationship), by month of occurrence (UTC) and police agency, broken down by one of: most serious ' +
      `NIBRS offense (${OFFENSE_ORDER.join(' > ')} > OTHER; each incident counted once), relationship code, arrest, injury (NIBRS DE 33: N none, any other code an injury, ` +
      'missing unknown), LAP screen (screened in by a yes to Q1-3, 4+ yes to Q4-11 or officer belief). Counts of 1..threshold-1 are suppressed, with complementary ' +
      'suppression; the period x agency totals every breakdown shares are suppressed alike in all of them.',
    threshold,
    cells: cells.map((c) => ({
      period: c.coords[0] ?? null,
      agency: c.coords[1] ?? null,
      offense: value('OFFENSE', c),
      relationship: value('RELATIONSHIP', c),
      arrest: value('ARREST', c) === null ? null : value('ARREST', c) === 'ARREST',
      // The SQL yields only the enum's values for these breakdowns (the generated types name them).
      injury: value('INJURY', c) as IncidentInjury | null,
      lapScreen: value('LAP_SCREEN', c) as LapScreenOutcome | null,
      incidents: published(c, 0),
      suppressed: c.suppressed,
    })),
  };
}
