import type { PageArgs } from '@ipvi/core';
import type { QueueFilter } from '../repositories/notification.reader';
import type { Ctx } from './context';

export const Query = {
  notificationQueue: (_: unknown, args: PageArgs & QueueFilter, ctx: Ctx) => ctx.loaders.notifications.queue(args, args),
  notification: (_: unknown, { id }: { id: string }, ctx: Ctx) => ctx.loaders.notification.load(id),
  activeTierPolicy: (_: unknown, __: unknown, ctx: Ctx) => ctx.loaders.policies.active(),
  tierPolicies: (_: unknown, args: PageArgs, ctx: Ctx) => ctx.loaders.policies.page(args),
};
