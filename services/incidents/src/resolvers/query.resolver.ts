import type { QueryResolvers } from '../generated/resolvers';
import type { PageArgs } from '@ipvi/core';
import type { IncidentFilter } from '../repositories/incident.repository';
import type { CandidateStatus } from '../repositories/person-link.repository';
import type { IncidentsContext as Ctx } from './context';

export const Query: QueryResolvers = {
  offender: (_: unknown, { id }: { id: string }, ctx: Ctx) => ctx.loaders.offender.load(id),
  offenders: (_: unknown, args, ctx: Ctx) => ctx.domain.lists.offenders(args),
  incident: (_: unknown, { id }: { id: string }, ctx: Ctx) => ctx.loaders.incident.load(id),
  incidents: (_: unknown, args: PageArgs & { filter?: IncidentFilter | null }, ctx: Ctx) => ctx.domain.lists.incidents(args),
  protectiveOrder: (_: unknown, { id }: { id: string }, ctx: Ctx) => ctx.loaders.protectiveOrder.load(id),
  incidentEvents: (_: unknown, args: PageArgs, ctx: Ctx) => ctx.domain.lists.incidentEvents(args),
  personLinkCandidates: (_: unknown, args: PageArgs & { filter?: { status?: CandidateStatus | null } | null }, ctx: Ctx) =>
    ctx.domain.lists.personLinkCandidates(args),
  personLinkEvents: (_: unknown, args: PageArgs, ctx: Ctx) => ctx.domain.lists.personLinkEvents(args),
  offenderNameForReferral: (_: unknown, { id }: { id: string }, ctx: Ctx) => ctx.loaders.referralName.load(id),
};
