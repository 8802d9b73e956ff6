import type { HubContext } from '@ipvi/core';
import type { VictimServicesLoaders } from '../loaders';
import type { ClearanceRow } from '../repositories/clearance.repository';

type Ctx = HubContext<VictimServicesLoaders>;

export const Notification = {
  __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  clearance: (n: { id: string }, _: unknown, ctx: Ctx) => ctx.loaders.clearance.load(n.id),
};

export const NotificationClearance = {
  referral: (c: ClearanceRow, _: unknown, ctx: Ctx) => (c.referralId ? ctx.loaders.referral.load(c.referralId) : null),
};
