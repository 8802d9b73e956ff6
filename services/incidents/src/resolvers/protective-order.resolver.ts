import type { ProtectiveOrderResolvers } from '../generated/resolvers';
import type { IncidentsContext as Ctx } from './context';
import type { IncidentRow } from '../repositories/incident.repository';
import { inForceOn, type ProtectiveOrderRow } from '../repositories/protective-order.repository';

export const ProtectiveOrder: ProtectiveOrderResolvers = {
  __resolveReference: (ref: { id: string }, ctx: Ctx) => ctx.loaders.protectiveOrder.load(ref.id),
  inForce: (o: ProtectiveOrderRow, _: unknown, ctx: Ctx) => inForceOn(o, ctx.now().toISOString().slice(0, 10)),
  restrainedOffender: (o: ProtectiveOrderRow, _: unknown, ctx: Ctx) => ctx.loaders.offender.load(o.restrainedOffenderId),
  protectedPartyDateOfBirth: (o: ProtectiveOrderRow) => o.protectedPartyDob,
  violations: async (o: ProtectiveOrderRow, _: unknown, ctx: Ctx) => {
    const links = await ctx.loaders.violationIdsByOrder.load(o.id);
    const rows = await ctx.loaders.incident.loadMany(links.map((l) => l.id));
    return rows.filter((r): r is IncidentRow => r !== null && !(r instanceof Error));
  },
};
