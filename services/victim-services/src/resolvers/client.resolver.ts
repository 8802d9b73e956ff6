import type { HubContext } from '@ipvi/core';
import type { VictimServicesLoaders } from '../loaders';
import type { ClientRow } from '../repositories/client.repository';
import type { ConsentRow } from '../repositories/consent.repository';

type Ctx = HubContext<VictimServicesLoaders>;

export const Client = {
  referral: (c: ClientRow, _: unknown, ctx: Ctx) => (c.referralId ? ctx.loaders.referral.load(c.referralId) : null),
  safetyPlan: (c: ClientRow, _: unknown, ctx: Ctx) => ctx.loaders.safetyPlan.load(c.id),
  safetyPlanHistory: (c: ClientRow, _: unknown, ctx: Ctx) => ctx.loaders.safetyPlanHistory.load(c.id),
  serviceReferrals: (c: ClientRow, _: unknown, ctx: Ctx) => ctx.loaders.serviceReferralsByClient.load(c.id),
  dangerAssessments: (c: ClientRow, _: unknown, ctx: Ctx) => ctx.loaders.dangerAssessmentsByClient.load(c.id),
  consents: (c: ClientRow, _: unknown, ctx: Ctx) => ctx.loaders.consentsByClient.load(c.id),
};

export const Consent = {
  client: (k: ConsentRow, _: unknown, ctx: Ctx) => ctx.loaders.client.load(k.clientId),
};
