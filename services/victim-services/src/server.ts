/** The victim-services subgraph (advocates; VAWA-confidential): builds the service module; main.ts listens. */
import fs from 'node:fs';
import path from 'node:path';
import { scalarResolvers, type ServiceModule } from '@ipvi/core';
import { entities } from './entities/referral.entity';
import { createLoaders, type VictimServicesLoaders } from './loaders';
import { migrations } from './migrations/1764000000300-victim-services-initial';
import { Incident, OutreachSummary } from './resolvers/incident.resolver';
import { referralConsumers } from './feed/referral.consumer';

export const typeDefs = fs.readFileSync(path.join(__dirname, 'schema.graphql'), 'utf8');

export const victimServicesService: ServiceModule<VictimServicesLoaders> = {
  definition: {
    name: 'victim-services',
    typeDefs,
    resolvers: { DateTime: scalarResolvers.DateTime, Incident, OutreachSummary },
    createLoaders: (principal, ds) => createLoaders(principal, ds),
  },
  entities,
  migrations,
  consumers: referralConsumers,
};
