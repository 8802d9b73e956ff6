import type { PartnerNotificationRow } from '../repositories/notification.reader';
import { clearanceState } from '../services/clearance';
import type { Ctx } from './context';

type Ref = { id: string };

/** Offender and Incident as tiering extends them: every field through a loader (a record reads its person's tier data). */
export const Offender = {
  __resolveReference: (o: Ref) => ({ id: o.id }),
  tier: (o: Ref, _: unknown, ctx: Ctx) => ctx.loaders.currentTier.load(o.id),
  tierHistory: (o: Ref, _: unknown, ctx: Ctx) => ctx.loaders.tierHistory.load(o.id),
  notifications: (o: Ref, _: unknown, ctx: Ctx) => ctx.loaders.notificationsByOffender.load(o.id),
  partnerNotifications: (o: Ref, _: unknown, ctx: Ctx) => ctx.loaders.partnerNotifications.load(o.id),
  prosecutionFlags: (o: Ref, _: unknown, ctx: Ctx) => ctx.loaders.prosecutionFlags.load(o.id),
  serviceReferrals: (o: Ref, _: unknown, ctx: Ctx) => ctx.loaders.serviceReferrals.load(o.id),
  preferredLanguage: async (o: Ref, _: unknown, ctx: Ctx) => (await ctx.loaders.language.load(o.id))?.language ?? 'en',
};

export const Incident = {
  __resolveReference: (i: Ref) => ({ id: i.id }),
  tierEffect: (i: Ref, _: unknown, ctx: Ctx) => ctx.loaders.tierEffect.load(i.id),
};

/** Another agency's pending notification of the person: what the sharing agreement shows. */
export const PartnerNotification = {
  agency: (n: PartnerNotificationRow) => n.agencyOri,
  clearanceState: (n: PartnerNotificationRow, _: unknown, ctx: Ctx) => clearanceState(n, ctx.now()),
};
