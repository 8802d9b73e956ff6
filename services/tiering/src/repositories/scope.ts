/**
 * Row scope of tiering data, as SQL. A caller reads the tier data of an offender record whose police
 * agency's incidents it may see, and the notifications of the agencies its scope covers. A person
 * linked across agencies has one tier; what a caller reads of what other agencies contributed follows
 * the partnership's sharing agreement. Partnership-wide coordinators (COORDINATION_AGENCIES) read and
 * act on every agency's tier records and notifications, though incidents they may not see stay
 * unnamed. Applied inside every query, never after loading.
 */
import { agencyScope, isPartnershipCoordinator, SqlParams, type HubConfig, type Principal, type SharingAgreement } from '@ipvi/core';
import { referringAgencies } from '../domain/advocacy-referral';
import { referredOffenderSql } from './referred-incident.repository';

export { SqlParams };

export interface TieringScope {
  /** Police agencies whose incidents the caller may see: named in explanations and `incidents`. */
  readonly incidentAgencies: readonly string[];
  /** Police agencies whose offender records' tier data the caller reads and acts on (tiers, flags, referrals, overrides). */
  readonly recordAgencies: readonly string[];
  /** Police agencies whose notifications the caller reads and acts on. */
  readonly notificationAgencies: readonly string[];
  /** Whether partner agencies' pending notifications are shown (police and prosecutors, when the agreement shares them). */
  readonly partnerNotifications: boolean;
  readonly sharing: SharingAgreement;
  /** Advocates: tier data only of offenders of incidents referred to their agency (`recordAgencies` are the police agencies referring to it). */
  readonly referredOnly?: boolean;
}

export function tieringScope(principal: Principal, config: HubConfig): TieringScope {
  const incident = agencyScope(principal, config, 'incident');
  const notification = agencyScope(principal, config, 'notification');
  const wide = isPartnershipCoordinator(config, principal);
  const all = config.partnership.policeAgencies;
  const referred = incident.kind === 'REFERRED';
  return Object.freeze({
    incidentAgencies: incident.policeAgencies,
    recordAgencies: wide ? all : referred ? referringAgencies(principal, config, incident.policeAgencies) : incident.policeAgencies,
    referredOnly: referred,
    notificationAgencies: wide ? all : notification.policeAgencies,
    partnerNotifications: config.partnership.sharing.notifications && (notification.kind === 'OWN_AGENCY' || notification.kind === 'PARTNERSHIP'),
    sharing: config.partnership.sharing,
  });
}

/** The caller may read this offender record's tier data: it holds an incident of an agency in `recordAgencies`. */
export function offenderScopeSql(scope: TieringScope, p: SqlParams, offenderIdSql: string): string {
  if (scope.recordAgencies.length === 0) return 'false';
  if (scope.referredOnly) return referredOffenderSql(offenderIdSql, p.add([...scope.recordAgencies]));
  return `EXISTS (SELECT 1 FROM offender_incident s WHERE s.offender_id = ${offenderIdSql} AND s.agency_ori = ANY(${p.add([...scope.recordAgencies])}::text[]))`;
}

export function notificationScopeSql(scope: TieringScope, p: SqlParams, agencySql = 'n.agency_ori'): string {
  if (scope.notificationAgencies.length === 0) return 'false';
  return `${agencySql} = ANY(${p.add([...scope.notificationAgencies])}::text[])`;
}

/** An assignment the caller reads: its owner agency is the caller's, or the agreement shares it (`share`). */
export function assignmentSharedSql(scope: TieringScope, p: SqlParams, share: boolean, agencySql = 'a.agency_ori'): string {
  return `(${agencySql} = ANY(${p.add([...scope.recordAgencies])}::text[]) OR ${p.add(share)}::boolean)`;
}

/**
 * `req(r)`: the requested records the caller may read; `mem(r, member)`: every record of each one's
 * person (the record itself when it is linked to none).
 */
export function personMembersCte(scope: TieringScope, p: SqlParams, recordIds: readonly string[]): string {
  return `req AS (SELECT r FROM unnest(${p.add(recordIds)}::uuid[]) AS r WHERE ${offenderScopeSql(scope, p, 'r')}),
  mem AS (SELECT req.r, coalesce(pm.offender_id, req.r) AS member FROM req
    LEFT JOIN offender_person op ON op.offender_id = req.r LEFT JOIN offender_person pm ON pm.person_id = op.person_id)`;
}
