/**
 * Row scope of victim-services: which advocacy agencies' clients and referrals a principal may see.
 * Every advocate of an agency sees the agency's whole caseload (advocates cover each other's cases
 * on call; assignment is recorded and filterable, not a wall). Police, prosecutors, analysts,
 * auditors and services see none. Applied inside every query, so another agency's record by id
 * looks exactly like a missing one.
 */
import type { DataSource } from 'typeorm';
import { rowScope, type HubConfig, type Principal } from '@ipvi/core';

export interface RepoEnv {
  readonly ds: DataSource;
  readonly principal: Principal;
  readonly config: HubConfig;
  readonly now: () => Date;
}

/** Advocacy agencies whose records the principal may see (empty: none). */
export function visibleAgencies(principal: Principal, config: HubConfig): string[] {
  switch (rowScope(principal.roles, 'client')) {
    case 'OWN_AGENCY':
      return [principal.agency];
    case 'PARTNERSHIP':
      return Object.keys(config.partnership.advocacyAgencies);
    default:
      return [];
  }
}

export { SqlParams } from '@ipvi/core';
