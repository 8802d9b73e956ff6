import type { HubContext, PageArgs } from '@ipvi/core';
import type { IncidentLoaders } from '../loaders';
import type { IncidentFilter } from '../repositories/incident.repository';

type Ctx = HubContext<IncidentLoaders>;

export const Query = {
  offender: (_: unknown, { id }: { id: string }, ctx: Ctx) => ctx.loaders.offender.load(id),
  offenders: (_: unknown, args: PageArgs & { search?: string | null }, ctx: Ctx) => ctx.loaders.offenders.list(args),
  incident: (_: unknown, { id }: { id: string }, ctx: Ctx) => ctx.loaders.incident.load(id),
  incidents: (_: unknown, args: PageArgs & { filter?: IncidentFilter | null }, ctx: Ctx) => ctx.loaders.incidents.list(args, args.filter),
  protectiveOrder: (_: unknown, { id }: { id: string }, ctx: Ctx) => ctx.loaders.protectiveOrder.load(id),
  incidentEvents: (_: unknown, args: PageArgs, ctx: Ctx) => ctx.loaders.events.page(args),
};
