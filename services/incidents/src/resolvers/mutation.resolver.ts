/** Mutations map their one `input` to the request's domain service; each payload holds the stored rows. */
import { notFound } from '@ipvi/core';
import type { MutationResolvers, PossibleDuplicateResolvers } from '../generated/resolvers';
import type { AmendInput, ScreenInput } from '../domain/incident.service';
import type { PossibleDuplicate as Duplicate } from '../domain/offender-matching';
import type { DecisionInput, UnlinkInput } from '../domain/person-link.service';
import type { IncidentsContext as Ctx } from './context';

type Input<T = unknown> = { input: T };

export const Mutation: MutationResolvers = {
  recordIncident: (_: unknown, { input }: Input, ctx: Ctx) => ctx.domain.incidents.record(input),
  amendIncident: (_: unknown, { input }: Input<AmendInput>, ctx: Ctx) => ctx.domain.incidents.amend(input),
  recordProtectiveOrder: (_: unknown, { input }: Input, ctx: Ctx) => ctx.domain.protectiveOrders.record(input),
  recordLethalityScreen: (_: unknown, { input }: Input<ScreenInput>, ctx: Ctx) => ctx.domain.incidents.recordScreen(input),
  confirmPersonLink: (_: unknown, { input }: Input<DecisionInput>, ctx: Ctx) => ctx.domain.personLinks.confirm(input),
  rejectPersonLink: (_: unknown, { input }: Input<DecisionInput>, ctx: Ctx) => ctx.domain.personLinks.reject(input),
  unlinkPersons: (_: unknown, { input }: Input<UnlinkInput>, ctx: Ctx) => ctx.domain.personLinks.unlink(input),
};

export const PossibleDuplicate: PossibleDuplicateResolvers = {
  /** Duplicates are filtered to records the caller can see; one gone since answers NOT_FOUND. */
  offender: async (d: Duplicate, _: unknown, ctx: Ctx) => (await ctx.loaders.offender.load(d.offenderId)) ?? Promise.reject(notFound('Offender')),
};
