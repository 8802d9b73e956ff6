/** DataLoaders of the victim-services subgraph, created per request. */
import type { DataSource } from 'typeorm';
import { rowLoader, type Principal } from '@ipvi/core';
import { ReferralRepository, type ReferralRow } from './repositories/referral.repository';

export function createLoaders(principal: Principal, ds: DataSource) {
  const referrals = new ReferralRepository(ds, principal);
  return {
    referralByIncident: rowLoader((ids: readonly string[]) => referrals.byIncidentIds(ids), (r: ReferralRow) => r.incident_id),
  };
}

export type VictimServicesLoaders = ReturnType<typeof createLoaders>;
