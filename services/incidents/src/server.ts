/** The incidents subgraph (police-owned): builds the service module; main.ts listens. */
import fs from 'node:fs';
import path from 'node:path';
import { scalarResolvers, withMeasureSource, type MeasureLoaders, type ServiceModule } from '@ipvi/core';
import { AnalyticsQuery } from './analytics/analytics.resolver';
import { createDomain } from './domain';
import { entities } from './entities';
import type { Resolvers } from './generated/resolvers';
import { createLoaders, type IncidentLoaders } from './loaders';
import { migrations } from './migrations';
import { Incident, IncidentVersion, IncidentVictim, LethalityScreen } from './resolvers/incident.resolver';
import { IncidentEvent } from './resolvers/incident-event.resolver';
import { Mutation, PossibleDuplicate } from './resolvers/mutation.resolver';
import { Offender } from './resolvers/offender.resolver';
import * as personLinks from './resolvers/person-link.resolver';
import { ProtectiveOrder } from './resolvers/protective-order.resolver';
import { Query } from './resolvers/query.resolver';
import { seed } from './seed';

export const typeDefs = fs.readFileSync(path.join(__dirname, 'schema.graphql'), 'utf8');

/** Every resolver of the subgraph, typed by the generated resolver types (src/generated, `npm run codegen`). */
const resolvers: Resolvers = {
  ...scalarResolvers,
  Query: { ...Query, ...AnalyticsQuery },
  Mutation,
  PossibleDuplicate,
  Offender,
  Incident,
  IncidentVictim,
  LethalityScreen,
  IncidentVersion,
  ProtectiveOrder,
  IncidentEvent,
  ...personLinks,
};

export const incidentsService: ServiceModule<IncidentLoaders & MeasureLoaders> & { definition: { createDomain: typeof createDomain } } = {
  definition: {
    name: 'incidents',
    typeDefs,
    resolvers,
    createLoaders: (principal, ds, env) => withMeasureSource(createLoaders(principal, ds, env.config), ds),
    createDomain,
  },
  entities,
  migrations,
  seed,
};
