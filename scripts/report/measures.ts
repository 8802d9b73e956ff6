/** The one ad hoc query the partnership report sends through the gateway (analysts combine measures freely), and its answer's shape. */

export interface ReportOptions {
  /** Start of the range (whole quarters within [from, to) are shown in the per-quarter charts). */
  from?: string;
  to?: string;
  /** A police agency (ORI): police-side measures of that agency only. */
  agency?: string;
}

type Cell = { suppressed: boolean };
export type RecidivismCell = Cell & {
  tier: string | null;
  cohort: string | null;
  agency: string | null;
  offenders: number | null;
  reoffended: number | null;
  rate: number | null;
};
export interface RecidivismReport {
  definition: string;
  threshold: number;
  windowDays: number;
  excluded: number | null;
  excludedSuppressed: boolean;
  cells: RecidivismCell[];
}
export type TimelinessCell = Cell & {
  tier: string | null;
  period: string | null;
  notifications: number | null;
  delivered: number | null;
  deliveredOnTime: number | null;
  onTimeShare: number | null;
  overdue: number | null;
  medianHoursToDelivery: number | null;
  p90HoursToDelivery: number | null;
};
export type MovementCell = Cell & { firstAssignment: boolean | null; fromTier: string | null; toTier: string | null; assignments: number | null };
export type ReachCell = Cell & {
  period: string | null;
  referrals: number | null;
  reached: number | null;
  reachedShare: number | null;
  medianHoursToFirstContact: number | null;
};
export type ActivityCell = Cell & { activity: string | null; count: number | null };
export type IncidentCell = Cell & { period: string | null; incidents: number | null };

export interface Measures {
  oneYear: RecidivismReport;
  sixMonths: RecidivismReport;
  byCohort: RecidivismReport;
  timeliness: { definition: string; threshold: number; cells: TimelinessCell[] };
  timelinessByQuarter: { cells: TimelinessCell[] };
  movement: { definition: string; cells: MovementCell[] };
  reach: { definition: string; cells: ReachCell[] };
  activity: { definition: string; cells: ActivityCell[] };
  incidents: { definition: string; cells: IncidentCell[] };
}

const RECIDIVISM = 'definition threshold windowDays excluded excludedSuppressed cells { tier cohort agency offenders reoffended rate suppressed }';
const TIMELINESS = 'tier period notifications delivered deliveredOnTime onTimeShare overdue medianHoursToDelivery p90HoursToDelivery suppressed';

export const REPORT_QUERY = `query PartnershipReport($police: RecidivismFilter, $cohorts: RecidivismFilter, $cohortGroup: [RecidivismDimension!],
  $timeliness: TimelinessFilter, $quarters: TimelinessFilter, $movement: TierMovementFilter, $reach: OutreachFilter, $incidents: IpIncidentFilter) {
  oneYear: recidivism(windowDays: 365, groupBy: [TIER], filter: $police) { ${RECIDIVISM} }
  sixMonths: recidivism(windowDays: 180, groupBy: [TIER], filter: $police) { ${RECIDIVISM} }
  byCohort: recidivism(windowDays: 365, groupBy: $cohortGroup, filter: $cohorts) { ${RECIDIVISM} }
  timeliness: notificationTimeliness(groupBy: [TIER], filter: $timeliness) { definition threshold cells { ${TIMELINESS} } }
  timelinessByQuarter: notificationTimeliness(groupBy: [PERIOD_QUARTER], filter: $quarters) { cells { ${TIMELINESS} } }
  movement: tierMovement(groupBy: [TRANSITION], filter: $movement) { definition cells { firstAssignment fromTier toTier assignments suppressed } }
  reach: outreachReach(groupBy: [PERIOD_QUARTER], filter: $reach) { definition cells { period referrals reached reachedShare medianHoursToFirstContact suppressed } }
  activity: victimServiceActivity(groupBy: [ACTIVITY]) { definition cells { activity count suppressed } }
  incidents: intimatePartnerIncidents(groupBy: [PERIOD_QUARTER], filter: $incidents) { definition cells { period incidents suppressed } }
}`;

/** Variables for the report's query: the agency narrows police-side measures; the range selects whole quarters (or years when no range is given). */
export function reportVariables(o: ReportOptions): Record<string, unknown> {
  const agencies = o.agency ? [o.agency] : undefined;
  const range = { ...(o.from ? { from: o.from } : {}), ...(o.to ? { to: o.to } : {}) };
  const ranged = Object.keys(range).length > 0;
  return {
    police: agencies ? { agencies } : null,
    cohorts: { ...range, ...(agencies ? { agencies } : {}) },
    cohortGroup: ['TIER', ranged ? 'COHORT_QUARTER' : 'COHORT_YEAR'],
    timeliness: agencies ? { agencies } : null,
    quarters: { ...range, ...(agencies ? { agencies } : {}) },
    movement: agencies ? { agencies } : null,
    reach: range,
    incidents: { ...range, ...(agencies ? { agencies } : {}) },
  };
}

/** Sends the report's query to the gateway with a bearer token; throws naming the error codes (never data) when the answer has errors. */
export async function fetchMeasures(url: string, token: string, o: ReportOptions): Promise<Measures> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: REPORT_QUERY, variables: reportVariables(o) }),
  });
  const body = (await res.json()) as { data?: Measures; errors?: { message: string; path?: unknown[]; extensions?: { code?: string; field?: string } }[] };
  if (body.errors?.length || !body.data) {
    const what = (body.errors ?? []).map(
      (e) => `${e.extensions?.code ?? 'ERROR'}${e.extensions?.field ? ` (${e.extensions.field})` : ''} at ${(e.path ?? []).join('.')}: ${e.message}`,
    );
    throw new Error(`the gateway refused the report's query (HTTP ${res.status}): ${what.join('; ')}`);
  }
  return body.data;
}
