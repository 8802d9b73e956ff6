import type { HubContext } from '@ipvi/core';
import type { VictimServicesLoaders } from '../loaders';
import type { ReferralRow } from '../repositories/referral.repository';

type Ctx = HubContext<VictimServicesLoaders>;

export const Incident = {
  __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  outreach: (i: { id: string }, _: unknown, ctx: Ctx) => ctx.loaders.referralByIncident.load(i.id),
};

export const OutreachSummary = {
  referralState: (r: ReferralRow) => r.state,
  referredAt: (r: ReferralRow) => r.referred_at,
  firstContactAt: (r: ReferralRow) => r.first_contact_at,
};
