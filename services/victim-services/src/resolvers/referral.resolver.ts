import type { ReferralEntity } from '../entities';
import type { VictimServicesContext as Ctx } from './context';

export const Referral = {
  incident: (r: ReferralEntity) => ({ id: r.incidentId }),
  offenders: (r: ReferralEntity) => r.offenderIds.map((id) => ({ id })),
  victims: (r: ReferralEntity, _: unknown, ctx: Ctx) => ctx.loaders.victimsByReferral.load(r.id),
  outreachAttempts: (r: ReferralEntity, _: unknown, ctx: Ctx) => ctx.loaders.attemptsByReferral.load(r.id),
  clients: (r: ReferralEntity, _: unknown, ctx: Ctx) => ctx.loaders.clientsByReferral.load(r.id),
};

export const Incident = {
  __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  outreach: (i: { id: string }, _: unknown, ctx: Ctx) => ctx.loaders.referralByIncident.load(i.id),
};

export const OutreachSummary = {
  referralState: (r: ReferralEntity) => r.state,
  attempts: async (r: ReferralEntity, _: unknown, ctx: Ctx) => (await ctx.loaders.attemptsByReferral.load(r.id)).length,
};
