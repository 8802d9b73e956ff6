/** The tiering subgraph (IPVI coordinators): builds the service module; main.ts listens. */
import fs from 'node:fs';
import path from 'node:path';
import { scalarResolvers, type ServiceModule } from '@ipvi/core';
import { AnalyticsQuery } from './analytics/analytics.resolver';
import { entities } from './entities/tier-assignment.entity';
import { clearanceConsumer } from './feed/clearance.consumer';
import { incidentConsumer } from './feed/incident.consumer';
import { personLinkConsumer } from './feed/person-link.consumer';
import { createLoaders, type TieringLoaders } from './loaders';
import { migrations } from './migrations';
import { Mutation } from './resolvers/mutation.resolver';
import { Notification, NotificationEvent } from './resolvers/notification.resolver';
import { Incident, Offender, PartnerNotification } from './resolvers/offender.resolver';
import { Query } from './resolvers/query.resolver';
import { withProgram } from './resolvers/program.resolver';
import { withProvider } from './resolvers/provider.resolver';
import { bindOffenderNames } from './feed/offender-name.source';
import { JSONScalar, Language, OffenderServiceReferral, ProsecutionFlag, TierAssignment, TierPolicy } from './resolvers/tier-assignment.resolver';
import { seed } from './seed';

export const typeDefs = fs.readFileSync(path.join(__dirname, 'schema.graphql'), 'utf8');

export const tieringService: ServiceModule<TieringLoaders> = {
  definition: {
    name: 'tiering',
    typeDefs,
    resolvers: withProvider(
      withProgram({
        DateTime: scalarResolvers.DateTime,
        JSON: JSONScalar,
        Language,
        Query: { ...Query, ...AnalyticsQuery },
        Mutation,
        Offender,
        Incident,
        TierAssignment,
        Notification,
        NotificationEvent,
        PartnerNotification,
        ProsecutionFlag,
        OffenderServiceReferral,
        TierPolicy,
      }),
    ),
    createLoaders: (principal, ds, env) => createLoaders(principal, ds, env.config, env.now),
  },
  entities,
  migrations,
  seed,
  // The incident feed first: tests and tools address it as consumers[0].
  // The offender-name source reads through the gateway like the consumers, so it is bound where they are made.
  consumers: (env) => {
    bindOffenderNames(env);
    return [incidentConsumer(env), clearanceConsumer(env), personLinkConsumer(env)];
  },
};
