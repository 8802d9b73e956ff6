import type { AdvocateClearanceResolvers, NotificationResolvers } from '../generated/resolvers';

/** Tiering's notification, extended with the caller's agency's own record of clearing it. */
export const Notification: NotificationResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  advocateClearance: (n, _, ctx) => ctx.loaders.advocateClearance.load(n.id),
};

export const AdvocateClearance: AdvocateClearanceResolvers = {
  referral: (c, _, ctx) => (c.referralId ? ctx.loaders.referral.load(c.referralId) : null),
};
