/** The tiering subgraph (IPVI coordinators): builds the service module; main.ts listens. */
import fs from 'node:fs';
import path from 'node:path';
import { scalarResolvers, withMeasureSource, type MeasureLoaders, type ServiceModule } from '@ipvi/core';
import { AnalyticsQuery } from './analytics/analytics.resolver';
import { createDomain } from './domain';
import { entities } from './entities';
import { clearanceConsumer } from './feed/clearance.consumer';
import { incidentConsumer } from './feed/incident.consumer';
import { personLinkConsumer } from './feed/person-link.consumer';
import type { Resolvers } from './generated/resolvers';
import { createLoaders, type TieringLoaders } from './loaders';
import { migrations } from './migrations';
import { Mutation } from './resolvers/mutation.resolver';
import { Notification, NotificationEvent } from './resolvers/notification.resolver';
import { Incident, Offender, PartnerNotification } from './resolvers/offender.resolver';
import { CallInInvitation, CallInSession, LetterTemplate, NotificationReview, ProgramMutation, ProgramQuery, SiteProfile } from './resolvers/program.resolver';
import { Query } from './resolvers/query.resolver';
import { ProviderMutation, ProviderQuery } from './resolvers/provider.resolver';
import { bindOffenderNames } from './feed/offender-name.source';
import { JSONScalar, Language, OffenderServiceReferral, ProsecutionFlag, TierAssignment, TierPolicy } from './resolvers/tier-assignment.resolver';
import { seed } from './seed';

export const typeDefs = fs.readFileSync(path.join(__dirname, 'schema.graphql'), 'utf8');

/** Every resolver of the subgraph, typed by the generated resolver types (src/generated, `npm run codegen`). */
const resolvers: Resolvers = {
  DateTime: scalarResolvers.DateTime,
  Date: scalarResolvers.Date,
  JSON: JSONScalar,
  Language,
  Query: { ...Query, ...ProgramQuery, ...ProviderQuery, ...AnalyticsQuery },
  Mutation: { ...Mutation, ...ProgramMutation, ...ProviderMutation },
  Offender,
  Incident,
  TierAssignment,
  Notification,
  NotificationEvent,
  PartnerNotification,
  ProsecutionFlag,
  OffenderServiceReferral,
  TierPolicy,
  NotificationReview,
  CallInSession,
  CallInInvitation,
  SiteProfile,
  LetterTemplate,
};

export const tieringService: ServiceModule<TieringLoaders & MeasureLoaders> & { definition: { createDomain: typeof createDomain } } = {
  definition: {
    name: 'tiering',
    typeDefs,
    resolvers,
    createLoaders: (principal, ds, env) => withMeasureSource(createLoaders(principal, ds, env.config, env.now), ds),
    createDomain,
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
