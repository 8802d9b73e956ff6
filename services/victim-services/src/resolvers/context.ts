/** The context victim-services' resolvers receive: DataLoaders for reads by key, domain services for writes and lists. */
import type { HubContext, MeasureLoaders } from '@ipvi/core';
import type { VictimServicesDomain } from '../domain';
import type { VictimServicesLoaders } from '../loaders';

/** `loaders.analytics` is the analysts' read-only measure source (core's withMeasureSource), beside the DataLoaders. */
export type VictimServicesContext = HubContext<VictimServicesLoaders & MeasureLoaders, VictimServicesDomain> & { readonly domain: VictimServicesDomain };

/** An entity another subgraph owns (Incident, Offender, Notification), as this subgraph knows it: its key. */
export interface EntityRef {
  readonly id: string;
}
