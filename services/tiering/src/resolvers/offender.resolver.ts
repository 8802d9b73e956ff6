import type { IncidentResolvers, OffenderResolvers, PartnerNotificationResolvers } from '../generated/resolvers';
import { notificationsPageArgs, tierHistoryPageArgs } from '../domain/child-pages';
import { clearanceState } from '../domain/clearance';

/** Offender and Incident as tiering extends them: every field through a loader (a record reads its person's tier data). */
export const Offender: OffenderResolvers = {
  __resolveReference: (o) => ({ id: o.id }),
  tier: (o, _, ctx) => ctx.loaders.currentTier.load(o.id),
  tierHistory: (o, _, ctx) => ctx.loaders.tierHistory.load(o.id),
  notifications: (o, _, ctx) => ctx.loaders.notificationsByOffender.load(o.id),
  /** Paged: every record of the list that asks the same page is read in one statement. */
  tierHistoryConnection: (o, args, ctx) => ctx.loaders.tierHistoryPage.load(o.id, tierHistoryPageArgs(args), null),
  notificationsConnection: (o, args, ctx) => {
    const { page, filter } = notificationsPageArgs(args);
    return ctx.loaders.notificationsPage.load(o.id, page, filter);
  },
  partnerNotifications: (o, _, ctx) => ctx.loaders.partnerNotifications.load(o.id),
  prosecutionFlags: (o, _, ctx) => ctx.loaders.prosecutionFlags.load(o.id),
  serviceReferrals: (o, _, ctx) => ctx.loaders.serviceReferrals.load(o.id),
  preferredLanguage: async (o, _, ctx) => (await ctx.loaders.language.load(o.id))?.language ?? 'en',
};

export const Incident: IncidentResolvers = {
  __resolveReference: (i) => ({ id: i.id }),
  tierEffect: (i, _, ctx) => ctx.loaders.tierEffect.load(i.id),
};

/** Another agency's pending notification of the person: what the sharing agreement shows. */
export const PartnerNotification: PartnerNotificationResolvers = {
  agency: (n) => n.agencyOri,
  clearanceState: (n, _, ctx) => clearanceState(n, ctx.now()),
};
