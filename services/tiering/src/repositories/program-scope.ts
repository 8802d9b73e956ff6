/**
 * Row scope of the program workflows (roster, call-ins, site profiles), as SQL, from the policy's
 * row scopes. Kept apart from scope.ts so the roster reads the same agencies as the rest of tiering
 * while that file changes for multi-agency persons: police roles and coordinators read their
 * agencies' offenders, prosecutors the partnership's, advocates (REFERRED) only offenders of the
 * incidents referred to their own agency (intimate-partner, with a victim: domain/advocacy-referral.ts).
 */
import { agencyScope, type HubConfig, type Principal } from '@ipvi/core';
import { referringAgencies } from '../domain/advocacy-referral';
import { referredOffenderSql } from './referred-incident.repository';
import type { SqlParams } from './scope';

export interface ProgramScope {
  /** Police agencies whose offenders the caller reads. */
  readonly agencies: readonly string[];
  /** Advocates: only offenders of the incidents referred to their agency (`agencies` are the police agencies referring to it). */
  readonly referredOnly: boolean;
}

export function programScope(principal: Principal, config: HubConfig): ProgramScope {
  const s = agencyScope(principal, config, 'incident');
  if (s.kind === 'REFERRED') return { agencies: referringAgencies(principal, config, s.policeAgencies), referredOnly: true };
  return { agencies: s.policeAgencies, referredOnly: false };
}

/** The offender (by its id column) is within the caller's scope. */
export function rosterScopeSql(scope: ProgramScope, p: SqlParams, offenderIdSql: string): string {
  if (scope.agencies.length === 0) return 'false';
  if (scope.referredOnly) return referredOffenderSql(offenderIdSql, p.add([...scope.agencies]));
  return `EXISTS (SELECT 1 FROM offender_incident s WHERE s.offender_id = ${offenderIdSql} AND s.agency_ori = ANY(${p.add([...scope.agencies])}::text[]))`;
}
