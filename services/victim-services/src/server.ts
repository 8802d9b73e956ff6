/** The victim-services subgraph (advocates; VAWA-confidential): builds the service module; main.ts listens. */
import fs from 'node:fs';
import path from 'node:path';
import { scalarResolvers, withMeasureSource, type MeasureLoaders, type ServiceModule } from '@ipvi/core';
import { AnalyticsQuery } from './analytics/analytics.resolver';
import { consentForField } from './consent';
import { createDomain } from './domain';
import { entities } from './entities';
import type { Resolvers } from './generated/resolvers';
import { referralConsumers } from './feed/referral.consumer';
import { createLoaders, type VictimServicesLoaders } from './loaders';
import { migrations } from './migrations';
import { Client, Consent, SafetyPlan } from './resolvers/client.resolver';
import { Mutation } from './resolvers/mutation.resolver';
import { AdvocateClearance, Notification } from './resolvers/notification.resolver';
import { Query } from './resolvers/query.resolver';
import { Incident, OutreachSummary, Referral } from './resolvers/referral.resolver';
import { ConsentedRelease } from './resolvers/release.resolver';
import { seed } from './seed';

export const typeDefs = fs.readFileSync(path.join(__dirname, 'schema.graphql'), 'utf8');

/** Every resolver of the subgraph, typed by the generated resolver types (src/generated, `npm run codegen`). */
const resolvers: Resolvers = {
  ...scalarResolvers,
  Query: { ...Query, ...AnalyticsQuery },
  Mutation,
  Incident,
  OutreachSummary,
  Referral,
  Client,
  Consent,
  SafetyPlan,
  ConsentedRelease,
  Notification,
  AdvocateClearance,
};

export const victimServicesService: ServiceModule<VictimServicesLoaders & MeasureLoaders> & { definition: { createDomain: typeof createDomain } } = {
  definition: {
    name: 'victim-services',
    typeDefs,
    resolvers,
    createLoaders: (principal, ds, env) => withMeasureSource(createLoaders(principal, ds, env), ds),
    createDomain,
    consent: consentForField,
  },
  entities,
  migrations,
  seed,
  consumers: referralConsumers,
};
