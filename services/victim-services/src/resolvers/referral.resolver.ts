import type { HubContext } from '@ipvi/core';
import type { VictimServicesLoaders } from '../loaders';
import type { ReferralRow } from '../repositories/referral.repository';

type Ctx = HubContext<VictimServicesLoaders>;

export const Referral = {
  incident: (r: ReferralRow) => ({ id: r.incidentId }),
  offenders: (r: ReferralRow) => r.offenderIds.map((id) => ({ id })),
  victims: (r: ReferralRow, _: unknown, ctx: Ctx) => ctx.loaders.victimsByReferral.load(r.id),
  outreachAttempts: (r: ReferralRow, _: unknown, ctx: Ctx) => ctx.loaders.attemptsByReferral.load(r.id),
  clients: (r: ReferralRow, _: unknown, ctx: Ctx) => ctx.loaders.clientsByReferral.load(r.id),
};

export const Incident = {
  __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  outreach: (i: { id: string }, _: unknown, ctx: Ctx) => ctx.loaders.referralByIncident.load(i.id),
};

export const OutreachSummary = {
  referralState: (r: ReferralRow) => r.state,
};
