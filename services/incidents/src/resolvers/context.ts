/** The context incidents' resolvers receive: DataLoaders for reads by key, domain services for writes and lists. */
import type { HubContext } from '@ipvi/core';
import type { IncidentsDomain } from '../domain';
import type { IncidentLoaders } from '../loaders';

export type IncidentsContext = HubContext<IncidentLoaders, IncidentsDomain> & { readonly domain: IncidentsDomain };

/** An entity another subgraph owns, as this subgraph knows it: its key. */
export interface EntityRef {
  readonly id: string;
}
