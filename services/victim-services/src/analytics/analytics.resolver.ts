/** Analysts' aggregate fields of victim-services (thin: arguments -> measure). Registered in server.ts with one spread. */
import type { HubContext, MeasureLoaders } from '@ipvi/core';
import { outreachReach, victimServiceActivity, type ActivityArgs, type ReachArgs } from './outreach';

type Ctx = HubContext<MeasureLoaders>;

export const AnalyticsQuery = {
  outreachReach: (_: unknown, args: ReachArgs, ctx: Ctx) => outreachReach(ctx.loaders.analytics.ds, ctx.config, args),
  victimServiceActivity: (_: unknown, args: ActivityArgs, ctx: Ctx) => victimServiceActivity(ctx.loaders.analytics.ds, ctx.config, args),
};
