/** The tiering subgraph (IPVI coordinators): builds the service module; main.ts listens. */
import fs from 'node:fs';
import path from 'node:path';
import { scalarResolvers, type ServiceModule } from '@ipvi/core';
import { entities } from './entities/tier-assignment.entity';
import { createLoaders, type TieringLoaders } from './loaders';
import { migrations } from './migrations/1764000000200-tiering-initial';
import { Offender } from './resolvers/offender.resolver';
import { TierAssignment } from './resolvers/tier-assignment.resolver';
import { seed } from './seed';

export const typeDefs = fs.readFileSync(path.join(__dirname, 'schema.graphql'), 'utf8');

export const tieringService: ServiceModule<TieringLoaders> = {
  definition: {
    name: 'tiering',
    typeDefs,
    resolvers: { DateTime: scalarResolvers.DateTime, Offender, TierAssignment },
    createLoaders: (principal, ds, env) => createLoaders(principal, ds, env.config),
  },
  entities,
  migrations,
  seed,
};
