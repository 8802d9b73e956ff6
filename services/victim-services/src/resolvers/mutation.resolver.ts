/** Mutations: each hands its input to one domain service and wraps the result in its payload. */
import type { MutationResolvers } from '../generated/resolvers';

export const Mutation: MutationResolvers = {
  createClient: async (_, { input }, ctx) => ({ client: await ctx.domain.clients.create(input) }),
  updateClient: async (_, { input }, ctx) => ({ client: await ctx.domain.clients.update(input) }),
  closeReferral: async (_, { input }, ctx) => ({ referral: await ctx.domain.referrals.close(input) }),
  recordOutreachAttempt: (_, { input }, ctx) => ctx.domain.referrals.recordOutreachAttempt(input),
  saveSafetyPlan: async (_, { input }, ctx) => ({ safetyPlan: await ctx.domain.care.saveSafetyPlan(input) }),
  createServiceReferral: async (_, { input }, ctx) => ({ serviceReferral: await ctx.domain.care.createServiceReferral(input) }),
  updateServiceReferral: async (_, { input }, ctx) => ({ serviceReferral: await ctx.domain.care.updateServiceReferral(input) }),
  recordDangerAssessment: async (_, { input }, ctx) => ({ dangerAssessment: await ctx.domain.care.recordDangerAssessment(input) }),
  recordConsent: async (_, { input }, ctx) => ({ consent: await ctx.domain.consents.record(input) }),
  revokeConsent: async (_, { input }, ctx) => ({ consent: await ctx.domain.consents.revoke(input) }),
  clearNotification: async (_, { input }, ctx) => {
    const advocateClearance = await ctx.domain.clearances.clear(input);
    return { advocateClearance, notification: { id: advocateClearance.notificationId } };
  },
};
