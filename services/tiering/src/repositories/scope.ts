/**
 * Row scope of tiering data, as SQL. Offender-level data (tiers, flags, referrals) is visible to a
 * caller whose police agencies hold one of the offender's incidents; notifications to a caller whose
 * scope covers the agency that must deliver them. Applied inside every query, never after loading.
 */
import { agencyScope, SqlParams, type HubConfig, type Principal } from '@ipvi/core';

export { SqlParams };

export function offenderScopeSql(principal: Principal, config: HubConfig, p: SqlParams, offenderIdSql: string): string {
  const scope = agencyScope(principal, config, 'incident');
  if (scope.kind === 'NONE') return 'false';
  return `EXISTS (SELECT 1 FROM offender_incident s WHERE s.offender_id = ${offenderIdSql} AND s.agency_ori = ANY(${p.add([...scope.policeAgencies])}::text[]))`;
}

export function notificationScopeSql(principal: Principal, config: HubConfig, p: SqlParams, agencySql = 'n.agency_ori'): string {
  const scope = agencyScope(principal, config, 'notification');
  if (scope.kind === 'NONE') return 'false';
  return `${agencySql} = ANY(${p.add([...scope.policeAgencies])}::text[])`;
}

/** The agencies a caller's notification scope covers (for the queue's `agency` filter). */
export function notificationAgencies(principal: Principal, config: HubConfig): readonly string[] {
  return agencyScope(principal, config, 'notification').policeAgencies;
}
