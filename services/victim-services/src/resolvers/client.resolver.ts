import type { ClientEntity, ConsentEntity, SafetyPlanEntity } from '../entities';
import { isActive } from '../domain/consent-rules';
import type { VictimServicesContext as Ctx } from './context';

export const Client = {
  referral: (c: ClientEntity, _: unknown, ctx: Ctx) => (c.referralId ? ctx.loaders.referral.load(c.referralId) : null),
  safetyPlan: (c: ClientEntity, _: unknown, ctx: Ctx) => ctx.loaders.safetyPlan.load(c.id),
  safetyPlanHistory: (c: ClientEntity, _: unknown, ctx: Ctx) => ctx.loaders.safetyPlanHistory.load(c.id),
  serviceReferrals: (c: ClientEntity, _: unknown, ctx: Ctx) => ctx.loaders.serviceReferralsByClient.load(c.id),
  dangerAssessments: (c: ClientEntity, _: unknown, ctx: Ctx) => ctx.loaders.dangerAssessmentsByClient.load(c.id),
  consents: (c: ClientEntity, _: unknown, ctx: Ctx) => ctx.loaders.consentsByClient.load(c.id),
};

export const Consent = {
  client: (k: ConsentEntity, _: unknown, ctx: Ctx) => ctx.loaders.client.load(k.clientId),
  active: (k: ConsentEntity, _: unknown, ctx: Ctx) => isActive(k, ctx.now()),
};

/** A version's content lives in one JSON column. */
export const SafetyPlan = {
  warningSigns: (s: SafetyPlanEntity) => s.plan.warningSigns,
  safePlaces: (s: SafetyPlanEntity) => s.plan.safePlaces,
  emergencyContacts: (s: SafetyPlanEntity) => s.plan.emergencyContacts,
  itemsToTake: (s: SafetyPlanEntity) => s.plan.itemsToTake,
  childrenPlan: (s: SafetyPlanEntity) => s.plan.childrenPlan,
  notes: (s: SafetyPlanEntity) => s.plan.notes,
};
