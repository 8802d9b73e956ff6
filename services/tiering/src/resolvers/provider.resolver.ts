/**
 * Resolvers of the referrals to offender-services providers (issue 14.3): the provider's list and
 * status moves, and the coordinator's send. Thin: arguments to the domain service. `withProvider`
 * merges them into the subgraph's resolver map (server.ts).
 */
import type { PageArgs } from '@ipvi/core';
import { ProviderReferralService, type ProviderReferralFilter } from '../domain/provider.service';
import type { ReferralStatus } from '../repositories/followup.repository';
import type { Ctx } from './context';

type Input<T> = { input: T };

function providers(ctx: Ctx): ProviderReferralService {
  return new ProviderReferralService({ ds: ctx.loaders.ds, principal: ctx.principal, scope: ctx.loaders.scope, config: ctx.config, now: ctx.now });
}

const PROVIDER = {
  Query: {
    providerReferrals: (_: unknown, args: PageArgs & { filter?: ProviderReferralFilter | null }, ctx: Ctx) => providers(ctx).list(args, args.filter),
  },
  Mutation: {
    sendReferralToProvider: async (_: unknown, { input }: Input<{ referralId: string; providerAgency?: string | null }>, ctx: Ctx) => ({
      referral: await ctx.loaders.referral.load(await providers(ctx).send(input)),
    }),
    recordProviderReferralStatus: async (_: unknown, { input }: Input<{ referralId: string; status: ReferralStatus; at?: Date | null }>, ctx: Ctx) => ({
      referral: await providers(ctx).record(input),
    }),
  },
};

export function withProvider<R extends Record<string, unknown>>(resolvers: R): R {
  const out: Record<string, unknown> = { ...resolvers };
  for (const [type, fields] of Object.entries(PROVIDER)) out[type] = { ...((resolvers[type] as object | undefined) ?? {}), ...fields };
  return out as R;
}
