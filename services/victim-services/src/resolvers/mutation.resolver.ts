/** Mutations: each hands its input to one domain service and wraps the result in its payload. */
import type { ConsentInput } from '../domain/consent-rules';
import type { CreateClientInput, UpdateClientInput } from '../domain/client.service';
import type { CreateServiceReferralInput, RecordDangerAssessmentInput, SaveSafetyPlanInput, UpdateServiceReferralInput } from '../domain/care.service';
import type { ClearNotificationInput } from '../domain/clearance.service';
import type { RecordOutreachAttemptInput } from '../domain/referral.service';
import type { VictimServicesContext as Ctx } from './context';

type In<T> = { input: T };

export const Mutation = {
  createClient: async (_: unknown, { input }: In<CreateClientInput>, ctx: Ctx) => ({ client: await ctx.domain.clients.create(input) }),
  updateClient: async (_: unknown, { input }: In<UpdateClientInput>, ctx: Ctx) => ({ client: await ctx.domain.clients.update(input) }),
  closeReferral: async (_: unknown, { input }: In<{ referralId: string }>, ctx: Ctx) => ({ referral: await ctx.domain.referrals.close(input) }),
  recordOutreachAttempt: (_: unknown, { input }: In<RecordOutreachAttemptInput>, ctx: Ctx) => ctx.domain.referrals.recordOutreachAttempt(input),
  saveSafetyPlan: async (_: unknown, { input }: In<SaveSafetyPlanInput>, ctx: Ctx) => ({ safetyPlan: await ctx.domain.care.saveSafetyPlan(input) }),
  createServiceReferral: async (_: unknown, { input }: In<CreateServiceReferralInput>, ctx: Ctx) => ({ serviceReferral: await ctx.domain.care.createServiceReferral(input) }),
  updateServiceReferral: async (_: unknown, { input }: In<UpdateServiceReferralInput>, ctx: Ctx) => ({ serviceReferral: await ctx.domain.care.updateServiceReferral(input) }),
  recordDangerAssessment: async (_: unknown, { input }: In<RecordDangerAssessmentInput>, ctx: Ctx) => ({ dangerAssessment: await ctx.domain.care.recordDangerAssessment(input) }),
  recordConsent: async (_: unknown, { input }: In<ConsentInput>, ctx: Ctx) => ({ consent: await ctx.domain.consents.record(input) }),
  revokeConsent: async (_: unknown, { input }: In<{ consentId: string }>, ctx: Ctx) => ({ consent: await ctx.domain.consents.revoke(input) }),
  clearNotification: async (_: unknown, { input }: In<ClearNotificationInput>, ctx: Ctx) => {
    const advocateClearance = await ctx.domain.clearances.clear(input);
    return { advocateClearance, notification: { id: advocateClearance.notificationId } };
  },
};
