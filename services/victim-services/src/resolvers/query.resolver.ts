import type { PageArgs } from '@ipvi/core';
import { releaseParent } from '../consent';
import type { ReferralFilterInput } from '../domain/referral.service';
import type { VictimServicesContext as Ctx } from './context';

export const Query = {
  referrals: (_: unknown, args: PageArgs & { filter?: ReferralFilterInput | null }, ctx: Ctx) => ctx.domain.referrals.page(args, args.filter),
  referral: (_: unknown, args: { id: string }, ctx: Ctx) => ctx.loaders.referral.load(args.id),
  clients: (_: unknown, args: PageArgs & { assignedToMe?: boolean | null }, ctx: Ctx) => ctx.domain.clients.page(args, args.assignedToMe),
  client: (_: unknown, args: { id: string }, ctx: Ctx) => ctx.loaders.client.load(args.id),
  consentedRelease: (_: unknown, args: { incidentVictimId: string }) => releaseParent(args.incidentVictimId),
  clearanceEvents: (_: unknown, args: PageArgs, ctx: Ctx) => ctx.domain.clearances.feed(args),
};
