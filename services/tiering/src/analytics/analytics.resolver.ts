/** Analysts' aggregate fields of tiering (thin: arguments -> measure). Registered in server.ts with one spread. */
import type { HubContext, MeasureLoaders } from '@ipvi/core';
import { recidivism, type RecidivismArgs } from './recidivism';
import { notificationTimeliness, type TimelinessArgs } from './timeliness';
import { tierDistribution, tierMovement, type DistributionArgs, type MovementArgs } from './tier-measures';

type Ctx = HubContext<MeasureLoaders>;

export const AnalyticsQuery = {
  recidivism: (_: unknown, args: RecidivismArgs, ctx: Ctx) => recidivism(ctx.loaders.analytics.ds, ctx.config, ctx.now(), args),
  tierDistribution: (_: unknown, args: DistributionArgs, ctx: Ctx) => tierDistribution(ctx.loaders.analytics.ds, ctx.config, ctx.now(), args),
  tierMovement: (_: unknown, args: MovementArgs, ctx: Ctx) => tierMovement(ctx.loaders.analytics.ds, ctx.config, args),
  notificationTimeliness: (_: unknown, args: TimelinessArgs, ctx: Ctx) => notificationTimeliness(ctx.loaders.analytics.ds, ctx.config, ctx.now(), args),
};
