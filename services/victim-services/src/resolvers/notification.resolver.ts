import type { AdvocateClearanceEntity } from '../entities';
import type { VictimServicesContext as Ctx } from './context';

/** Tiering's notification, extended with the caller's agency's own record of clearing it. */
export const Notification = {
  __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  advocateClearance: (n: { id: string }, _: unknown, ctx: Ctx) => ctx.loaders.advocateClearance.load(n.id),
};

export const AdvocateClearance = {
  referral: (c: AdvocateClearanceEntity, _: unknown, ctx: Ctx) => (c.referralId ? ctx.loaders.referral.load(c.referralId) : null),
};
