/** Analysts' aggregate fields of tiering (thin: arguments -> measure). Registered in server.ts with one spread. */
import type { Ctx } from '../resolvers/context';
import { recidivism, type RecidivismArgs } from './recidivism';
import { notificationTimeliness, type TimelinessArgs } from './timeliness';
import { tierDistribution, tierMovement, type DistributionArgs, type MovementArgs } from './tier-measures';

export const AnalyticsQuery = {
  recidivism: (_: unknown, args: RecidivismArgs, ctx: Ctx) => recidivism(ctx.loaders.ds, ctx.config, ctx.now(), args),
  tierDistribution: (_: unknown, args: DistributionArgs, ctx: Ctx) => tierDistribution(ctx.loaders.ds, ctx.config, ctx.now(), args),
  tierMovement: (_: unknown, args: MovementArgs, ctx: Ctx) => tierMovement(ctx.loaders.ds, ctx.config, args),
  notificationTimeliness: (_: unknown, args: TimelinessArgs, ctx: Ctx) => notificationTimeliness(ctx.loaders.ds, ctx.config, ctx.now(), args),
};
