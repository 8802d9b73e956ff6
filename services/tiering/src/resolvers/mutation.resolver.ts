import type { Language } from '../letters/templates';
import type { DeliveryOutcome, Tier } from '../policy/tier-policy';
import type { ReferralStatus } from '../repositories/followup.repository';
import { commands, ref, type Ctx } from './context';

type Input<T> = { input: T };

export const Mutation = {
  publishTierPolicy: async (_: unknown, { input }: Input<{ version: string; rules: unknown }>, ctx: Ctx) => ({
    policy: await ctx.loaders.policy.load(await commands(ctx).tiers.publishPolicy(input)),
  }),
  overrideTier: async (_: unknown, { input }: Input<{ offenderId: string; level: Tier; justification: string }>, ctx: Ctx) => ({
    assignment: await ctx.loaders.assignment.load(await commands(ctx).tiers.overrideTier(input)),
  }),
  recordNotificationDelivery: async (_: unknown, { input }: Input<{ notificationId: string; deliveredAt: Date; outcome: DeliveryOutcome }>, ctx: Ctx) => ({
    notification: await ctx.loaders.notification.load(await commands(ctx).notifications.recordDelivery(input)),
  }),
  rescheduleNotification: async (_: unknown, { input }: Input<{ notificationId: string; dueAt: Date; reason: string }>, ctx: Ctx) => ({
    notification: await ctx.loaders.notification.load(await commands(ctx).notifications.reschedule(input)),
  }),
  waiveNotificationGate: async (_: unknown, { input }: Input<{ notificationId: string; reason: string }>, ctx: Ctx) => ({
    notification: await ctx.loaders.notification.load(await commands(ctx).notifications.waiveGate(input)),
  }),
  updateOffenderServiceReferral: async (_: unknown, { input }: Input<{ referralId: string; status: ReferralStatus; at?: Date | null }>, ctx: Ctx) => ({
    referral: await ctx.loaders.referral.load(await commands(ctx).tiers.updateReferral(input)),
  }),
  setPreferredLanguage: async (_: unknown, { input }: Input<{ offenderId: string; language: Language }>, ctx: Ctx) => ({
    offender: ref('Offender', await commands(ctx).tiers.setLanguage(input)),
  }),
};
