/** DataLoaders of the tiering subgraph, created per request. */
import type { DataSource } from 'typeorm';
import { rowLoader, type HubConfig, type Principal } from '@ipvi/core';
import { TierRepository, type TierRow } from './repositories/tier.repository';

export function createLoaders(principal: Principal, ds: DataSource, config: HubConfig) {
  const tiers = new TierRepository(ds, principal, config);
  return {
    currentTier: rowLoader((ids: readonly string[]) => tiers.currentByOffender(ids), (r: TierRow) => r.offender_id),
  };
}

export type TieringLoaders = ReturnType<typeof createLoaders>;
