/** The context victim-services' resolvers receive: DataLoaders for reads by key, domain services for writes and lists. */
import type { HubContext } from '@ipvi/core';
import type { VictimServicesDomain } from '../domain';
import type { VictimServicesLoaders } from '../loaders';

export type VictimServicesContext = HubContext<VictimServicesLoaders, VictimServicesDomain> & { readonly domain: VictimServicesDomain };

/** An entity another subgraph owns (Incident, Offender, Notification), as this subgraph knows it: its key. */
export interface EntityRef {
  readonly id: string;
}
