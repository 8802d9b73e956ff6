import type { HubContext, PageArgs } from '@ipvi/core';
import type { IncidentLoaders } from '../loaders';
import type { IncidentFilter } from '../repositories/incident.repository';
import type { CandidateStatus } from '../repositories/person-link.repository';
import { incidentFilterOf } from '../validation/filter';

type Ctx = HubContext<IncidentLoaders>;

export const Query = {
  offender: (_: unknown, { id }: { id: string }, ctx: Ctx) => ctx.loaders.offender.load(id),
  offenders: (_: unknown, args: PageArgs & { search?: string | null }, ctx: Ctx) => ctx.loaders.offenders.list(args),
  incident: (_: unknown, { id }: { id: string }, ctx: Ctx) => ctx.loaders.incident.load(id),
  incidents: (_: unknown, args: PageArgs & { filter?: IncidentFilter | null }, ctx: Ctx) => ctx.loaders.incidents.list(args, incidentFilterOf(args.filter, ctx.config)),
  protectiveOrder: (_: unknown, { id }: { id: string }, ctx: Ctx) => ctx.loaders.protectiveOrder.load(id),
  incidentEvents: (_: unknown, args: PageArgs, ctx: Ctx) => ctx.loaders.events.page(args),
  personLinkCandidates: (_: unknown, args: PageArgs & { filter?: { status?: CandidateStatus | null } | null }, ctx: Ctx) => ctx.loaders.personLinks.list(args),
  personLinkEvents: (_: unknown, args: PageArgs, ctx: Ctx) => ctx.loaders.personLinkEvents.page(args),
};
