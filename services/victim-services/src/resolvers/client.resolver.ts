import { isActive } from '../domain/consent-rules';
import { childConnection } from '../domain/paging';
import type { ClientResolvers, ConsentResolvers, SafetyPlanResolvers } from '../generated/resolvers';

export const Client: ClientResolvers = {
  referral: (c, _, ctx) => (c.referralId ? ctx.loaders.referral.load(c.referralId) : null),
  safetyPlan: (c, _, ctx) => ctx.loaders.safetyPlan.load(c.id),
  safetyPlanHistory: (c, _, ctx) => ctx.loaders.safetyPlanHistory.load(c.id),
  serviceReferrals: (c, _, ctx) => ctx.loaders.serviceReferralsByClient.load(c.id),
  dangerAssessments: (c, _, ctx) => ctx.loaders.dangerAssessmentsByClient.load(c.id),
  consents: (c, _, ctx) => ctx.loaders.consentsByClient.load(c.id),
  safetyPlanHistoryConnection: async (c, args, ctx) => childConnection(await ctx.loaders.safetyPlanHistory.load(c.id), args),
  serviceReferralsConnection: async (c, args, ctx) => childConnection(await ctx.loaders.serviceReferralsByClient.load(c.id), args),
  dangerAssessmentsConnection: async (c, args, ctx) => childConnection(await ctx.loaders.dangerAssessmentsByClient.load(c.id), args),
  consentsConnection: async (c, args, ctx) => childConnection(await ctx.loaders.consentsByClient.load(c.id), args),
};

export const Consent: ConsentResolvers = {
  agency: (k) => k.recipientAgency,
  client: (k, _, ctx) => ctx.loaders.client.load(k.clientId),
  active: (k, _, ctx) => isActive(k, ctx.now()),
};

/** A version's content lives in one JSON column. */
export const SafetyPlan: SafetyPlanResolvers = {
  warningSigns: (s) => s.plan.warningSigns,
  safePlaces: (s) => s.plan.safePlaces,
  emergencyContacts: (s) => s.plan.emergencyContacts,
  itemsToTake: (s) => s.plan.itemsToTake,
  childrenPlan: (s) => s.plan.childrenPlan,
  notes: (s) => s.plan.notes,
};
