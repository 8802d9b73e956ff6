/**
 * Resolvers of the referrals to offender-services providers (issue 14.3): the provider's list and
 * status moves, and the coordinator's send. Thin: arguments to the domain service (ctx.domain.providers).
 */
import type { PageArgs } from '@ipvi/core';
import type { ProviderReferralFilter } from '../domain/provider.service';
import type { MutationResolvers, QueryResolvers } from '../generated/resolvers';
import type { ReferralStatus } from '../repositories/followup.repository';
import { written, type TieringContext as Ctx } from './context';

type Input<T> = { input: T };

export const ProviderQuery: Pick<QueryResolvers, 'providerReferrals'> = {
  providerReferrals: (_: unknown, args: PageArgs & { filter?: ProviderReferralFilter | null }, ctx: Ctx) => ctx.domain.providers.list(args, args.filter),
};

export const ProviderMutation: Pick<MutationResolvers, 'sendReferralToProvider' | 'recordProviderReferralStatus'> = {
  sendReferralToProvider: async (_: unknown, { input }: Input<{ referralId: string; providerAgency?: string | null }>, ctx: Ctx) => ({
    referral: written(await ctx.loaders.referral.load(await ctx.domain.providers.send(input)), 'Service referral'),
  }),
  recordProviderReferralStatus: async (_: unknown, { input }: Input<{ referralId: string; status: ReferralStatus; at?: Date | null }>, ctx: Ctx) => ({
    referral: await ctx.domain.providers.record(input),
  }),
};
