import { releaseParent } from '../consent';
import type { QueryResolvers } from '../generated/resolvers';

export const Query: QueryResolvers = {
  referrals: (_, args, ctx) => ctx.domain.referrals.page(args, args.filter),
  referral: (_, args, ctx) => ctx.loaders.referral.load(args.id),
  clients: (_, args, ctx) => ctx.domain.clients.page(args, args.filter?.assignedToMe ?? args.assignedToMe),
  client: (_, args, ctx) => ctx.loaders.client.load(args.id),
  consentedRelease: (_, args) => releaseParent(args.incidentVictimId),
  clearanceEvents: (_, args, ctx) => ctx.domain.clearances.feed(args),
};
