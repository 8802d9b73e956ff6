/** The context incidents' resolvers receive: DataLoaders for reads by key, domain services for writes and lists. */
import type { HubContext, MeasureLoaders } from '@ipvi/core';
import type { IncidentsDomain } from '../domain';
import type { IncidentLoaders } from '../loaders';

/** `loaders.analytics` is the analysts' read-only measure source (core's withMeasureSource), beside the DataLoaders. */
export type IncidentsContext = HubContext<IncidentLoaders & MeasureLoaders, IncidentsDomain> & { readonly domain: IncidentsDomain };

/** An entity another subgraph owns, as this subgraph knows it: its key. */
export interface EntityRef {
  readonly id: string;
}
