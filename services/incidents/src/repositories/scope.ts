/**
 * Row scope of incidents and protective orders, as SQL: applied inside every query, never after
 * loading, so a row out of scope looks exactly like a missing one. Advocates see incidents referred
 * to their agency: intimate-partner incidents with a victim, in a police agency their agency serves.
 */
import { agencyScope, normalizeAgency, SqlParams, type HubConfig, type Principal } from '@ipvi/core';

/** The principal's row scope on incidents, its agencies normalized (a token's `nc0410200` is NC0410200). */
function scopeOf(principal: Principal, config: HubConfig) {
  const scope = agencyScope({ ...principal, agency: normalizeAgency(principal.agency) }, config, 'incident');
  return { kind: scope.kind, policeAgencies: scope.policeAgencies.map(normalizeAgency) };
}

export function incidentScopeSql(principal: Principal, config: HubConfig, param: (v: unknown) => string, i = 'i'): string {
  const scope = scopeOf(principal, config);
  if (scope.kind === 'NONE') return 'false';
  const agencies = `${i}.agency_ori = ANY(${param([...scope.policeAgencies])})`;
  if (scope.kind !== 'REFERRED') return agencies;
  return `(${i}.is_intimate_partner AND ${agencies} AND EXISTS (SELECT 1 FROM incident_victim sv WHERE sv.incident_id = ${i}.id))`;
}

/** Protective orders: those recorded by an agency whose incidents the caller may see (advocates: the agencies they serve). */
export function orderScopeSql(principal: Principal, config: HubConfig, param: (v: unknown) => string, po = 'po'): string {
  const scope = scopeOf(principal, config);
  return scope.kind === 'NONE' ? 'false' : `${po}.agency_ori = ANY(${param([...scope.policeAgencies])})`;
}

/** Police agencies the principal may record for: its own (and shared) agencies; none for a referred scope. */
export function writableAgencies(principal: Principal, config: HubConfig): readonly string[] {
  const scope = scopeOf(principal, config);
  return scope.kind === 'OWN_AGENCY' || scope.kind === 'PARTNERSHIP' ? scope.policeAgencies : [];
}

export { isUuid } from '@ipvi/core';
export { SqlParams as Params };
