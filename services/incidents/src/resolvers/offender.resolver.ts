import type { OffenderResolvers } from '../generated/resolvers';
import type { PageArgs } from '@ipvi/core';
import type { IncidentsContext as Ctx } from './context';
import type { OffenderRow } from '../repositories/offender.repository';
import type { IncidentFilter } from '../repositories/incident.repository';

export const Offender: OffenderResolvers = {
  __resolveReference: (ref: { id: string }, ctx: Ctx) => ctx.loaders.offender.load(ref.id),
  incidents: (o: OffenderRow, args: PageArgs & { filter?: IncidentFilter | null }, ctx: Ctx) =>
    ctx.loaders.incidentsByOffender.load(o.id, args, ctx.domain.lists.incidentFilter(args.filter)),
  protectiveOrders: (o: OffenderRow, _: unknown, ctx: Ctx) => ctx.loaders.ordersByOffender.load(o.id),
  linkedAgencies: async (o: OffenderRow, _: unknown, ctx: Ctx) => (await ctx.loaders.linkedAgenciesByOffender.load(o.id)).map((r) => r.agency),
};
