import type { HubContext, PageArgs } from '@ipvi/core';
import { releaseParent } from '../consent';
import type { VictimServicesLoaders } from '../loaders';
import type { ReferralFilter } from '../repositories/referral.repository';

type Ctx = HubContext<VictimServicesLoaders>;

export const Query = {
  referrals: (_: unknown, args: PageArgs & { filter?: ReferralFilter | null }, ctx: Ctx) => ctx.loaders.referrals.page(args, args.filter),
  referral: (_: unknown, args: { id: string }, ctx: Ctx) => ctx.loaders.referral.load(args.id),
  clients: (_: unknown, args: PageArgs & { assignedToMe?: boolean | null }, ctx: Ctx) => ctx.loaders.clients.page(args, args.assignedToMe),
  client: (_: unknown, args: { id: string }, ctx: Ctx) => ctx.loaders.client.load(args.id),
  consentedRelease: (_: unknown, args: { incidentVictimId: string }) => releaseParent(args.incidentVictimId),
  clearanceEvents: (_: unknown, args: PageArgs, ctx: Ctx) => ctx.loaders.clearanceEvents.page(args),
};
