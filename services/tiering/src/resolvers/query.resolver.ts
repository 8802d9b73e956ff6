import type { PageArgs } from '@ipvi/core';
import type { QueueFilter } from '../repositories/notification.reader';
import type { PolicyFilter } from '../repositories/policy.repository';
import { queueFilter } from '../domain/queue-filter';
import type { Ctx } from './context';

export const Query = {
  // The filter, or the deprecated loose arguments (the first release's) when no filter is given.
  notificationQueue: (_: unknown, args: PageArgs & QueueFilter & { filter?: QueueFilter | null }, ctx: Ctx) =>
    ctx.loaders.notifications.queue(args, queueFilter(ctx.config, args)),
  notification: (_: unknown, { id }: { id: string }, ctx: Ctx) => ctx.loaders.notification.load(id),
  activeTierPolicy: (_: unknown, __: unknown, ctx: Ctx) => ctx.loaders.policies.active(),
  tierPolicies: (_: unknown, args: PageArgs & { filter?: PolicyFilter | null }, ctx: Ctx) => ctx.loaders.policies.page(args, args.filter ?? {}),
};
