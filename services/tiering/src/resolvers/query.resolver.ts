/** Tiering's root queries: a read by key goes to a loader, a list with arguments to its domain service. */
import type { QueryResolvers } from '../generated/resolvers';

export const Query: QueryResolvers = {
  notificationQueue: (_, args, ctx) => ctx.domain.notifications.queue(args),
  notification: (_, { id }, ctx) => ctx.loaders.notification.load(id),
  activeTierPolicy: (_, __, ctx) => ctx.domain.tiers.activePolicy(),
  tierPolicies: (_, args, ctx) => ctx.domain.tiers.policies(args),
};
