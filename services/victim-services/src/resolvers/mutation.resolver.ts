/** Mutations: each maps its input to one repository call and wraps the result in its payload. */
import type { HubContext } from '@ipvi/core';
import type { ConsentInput } from '../domain/consent-rules';
import type { ClientDetailsInput } from '../domain/client-input';
import type { VictimServicesLoaders } from '../loaders';
import type { CreateClientInput } from '../repositories/client.repository';
import type { RecordOutreachAttemptInput } from '../repositories/outreach.repository';
import type { SaveSafetyPlanInput } from '../repositories/safety-plan.repository';
import type { ServiceReferralRepository } from '../repositories/service-referral.repository';
import type { DangerAssessmentRepository } from '../repositories/danger-assessment.repository';
import type { ClearNotificationInput } from '../repositories/clearance.repository';

type Ctx = HubContext<VictimServicesLoaders>;
type In<T> = { input: T };
type ArgOf<F> = F extends (input: infer I) => unknown ? I : never;

export const Mutation = {
  createClient: async (_: unknown, { input }: In<CreateClientInput>, ctx: Ctx) => ({ client: await ctx.loaders.clients.create(input) }),
  updateClient: async (_: unknown, { input }: In<ClientDetailsInput & { clientId: string }>, ctx: Ctx) => ({ client: await ctx.loaders.clients.update(input) }),
  closeReferral: async (_: unknown, { input }: In<{ referralId: string }>, ctx: Ctx) => ({ referral: await ctx.loaders.referrals.close(input.referralId) }),
  recordOutreachAttempt: (_: unknown, { input }: In<RecordOutreachAttemptInput>, ctx: Ctx) => ctx.loaders.outreach.record(input),
  saveSafetyPlan: async (_: unknown, { input }: In<SaveSafetyPlanInput>, ctx: Ctx) => ({ safetyPlan: await ctx.loaders.safetyPlans.save(input) }),
  createServiceReferral: async (_: unknown, { input }: In<ArgOf<ServiceReferralRepository['create']>>, ctx: Ctx) => ({
    serviceReferral: await ctx.loaders.serviceReferrals.create(input),
  }),
  updateServiceReferral: async (_: unknown, { input }: In<ArgOf<ServiceReferralRepository['update']>>, ctx: Ctx) => ({
    serviceReferral: await ctx.loaders.serviceReferrals.update(input),
  }),
  recordDangerAssessment: async (_: unknown, { input }: In<ArgOf<DangerAssessmentRepository['record']>>, ctx: Ctx) => ({
    dangerAssessment: await ctx.loaders.dangerAssessments.record(input),
  }),
  recordConsent: async (_: unknown, { input }: In<ConsentInput>, ctx: Ctx) => ({ consent: await ctx.loaders.consents.record(input) }),
  revokeConsent: async (_: unknown, { input }: In<{ consentId: string }>, ctx: Ctx) => ({ consent: await ctx.loaders.consents.revoke(input.consentId) }),
  clearNotification: async (_: unknown, { input }: In<ClearNotificationInput>, ctx: Ctx) => {
    const advocateClearance = await ctx.loaders.clearances.clear(input);
    return { advocateClearance, notification: { id: advocateClearance.notificationId } };
  },
};
