/** Mutations: each hands its input to one domain service and wraps the result in its payload (whose ids core's shield audits). */
import type { MutationResolvers } from '../generated/resolvers';
import { ref } from './context';

export const Mutation: MutationResolvers = {
  publishTierPolicy: (_, { input }, ctx) => ctx.domain.tiers.publishPolicy(input),
  overrideTier: (_, { input }, ctx) => ctx.domain.tiers.overrideTier(input),
  recordNotificationDelivery: async (_, { input }, ctx) => ({ notification: await ctx.domain.notifications.recordDelivery(input) }),
  rescheduleNotification: async (_, { input }, ctx) => ({ notification: await ctx.domain.notifications.reschedule(input) }),
  waiveNotificationGate: async (_, { input }, ctx) => ({ notification: await ctx.domain.notifications.waiveGate(input) }),
  updateOffenderServiceReferral: async (_, { input }, ctx) => ({ referral: await ctx.domain.tiers.updateReferral(input) }),
  setPreferredLanguage: async (_, { input }, ctx) => ({ offender: ref(await ctx.domain.tiers.setLanguage(input)) }),
};
