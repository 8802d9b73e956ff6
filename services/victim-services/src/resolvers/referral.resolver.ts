import { childConnection } from '../domain/paging';
import type { IncidentResolvers, OutreachSummaryResolvers, ReferralResolvers } from '../generated/resolvers';

export const Referral: ReferralResolvers = {
  agency: (r) => r.policeAgency,
  incident: (r) => ({ id: r.incidentId }),
  offenders: (r) => r.offenderIds.map((id) => ({ id })),
  victims: (r, _, ctx) => ctx.loaders.victimsByReferral.load(r.id),
  outreachAttempts: (r, _, ctx) => ctx.loaders.attemptsByReferral.load(r.id),
  outreachAttemptsConnection: async (r, args, ctx) => childConnection(await ctx.loaders.attemptsByReferral.load(r.id), args),
  clients: (r, _, ctx) => ctx.loaders.clientsByReferral.load(r.id),
};

export const Incident: IncidentResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  outreach: (i, _, ctx) => ctx.loaders.referralByIncident.load(i.id),
};

export const OutreachSummary: OutreachSummaryResolvers = {
  referralState: (r) => r.state,
  attempts: async (r, _, ctx) => (await ctx.loaders.attemptsByReferral.load(r.id)).length,
};
