/** Analysts' aggregate fields of victim-services (thin: arguments -> measure), and the loaders entry they read through. */
import type { DataSource } from 'typeorm';
import type { HubConfig, HubContext } from '@ipvi/core';
import { outreachReach, victimServiceActivity, type ActivityArgs, type ReachArgs } from './outreach';

/** Adds the measures' data source to the request's loaders (one line in server.ts). */
export function withAnalytics<L extends object>(loaders: L, ds: DataSource, env: { readonly config: HubConfig }): L & { analytics: { ds: DataSource; config: HubConfig } } {
  return { ...loaders, analytics: { ds, config: env.config } };
}

type Ctx = HubContext<{ analytics: { ds: DataSource; config: HubConfig } }>;

export const AnalyticsQuery = {
  outreachReach: (_: unknown, args: ReachArgs, ctx: Ctx) => outreachReach(ctx.loaders.analytics.ds, ctx.config, args),
  victimServiceActivity: (_: unknown, args: ActivityArgs, ctx: Ctx) => victimServiceActivity(ctx.loaders.analytics.ds, ctx.config, args),
};
