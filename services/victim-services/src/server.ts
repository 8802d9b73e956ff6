/** The victim-services subgraph (advocates; VAWA-confidential): builds the service module; main.ts listens. */
import fs from 'node:fs';
import path from 'node:path';
import { scalarResolvers, withMeasureSource, type MeasureLoaders, type ServiceModule } from '@ipvi/core';
import { AnalyticsQuery } from './analytics/analytics.resolver';
import { consentForField } from './consent';
import { entities } from './entities';
import { referralConsumers } from './feed/referral.consumer';
import { createLoaders, type VictimServicesLoaders } from './loaders';
import { migrations } from './migrations';
import { Client, Consent } from './resolvers/client.resolver';
import { Mutation } from './resolvers/mutation.resolver';
import { AdvocateClearance, Notification } from './resolvers/notification.resolver';
import { Query } from './resolvers/query.resolver';
import { Incident, OutreachSummary, Referral } from './resolvers/referral.resolver';
import { ConsentedRelease } from './resolvers/release.resolver';
import { seed } from './seed';

export const typeDefs = fs.readFileSync(path.join(__dirname, 'schema.graphql'), 'utf8');

export const victimServicesService: ServiceModule<VictimServicesLoaders & MeasureLoaders> = {
  definition: {
    name: 'victim-services',
    typeDefs,
    resolvers: {
      ...scalarResolvers, Query: { ...Query, ...AnalyticsQuery }, Mutation, Incident, OutreachSummary, Referral, Client, Consent, ConsentedRelease, Notification, AdvocateClearance,
    },
    createLoaders: (principal, ds, env) => withMeasureSource(createLoaders(principal, ds, env), ds),
    consent: consentForField,
  },
  entities,
  migrations,
  seed,
  consumers: referralConsumers,
};
