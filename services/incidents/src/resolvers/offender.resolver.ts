import type { HubContext, PageArgs } from '@ipvi/core';
import type { IncidentLoaders } from '../loaders';
import type { OffenderRow } from '../repositories/offender.repository';

type Ctx = HubContext<IncidentLoaders>;

export const Offender = {
  __resolveReference: (ref: { id: string }, ctx: Ctx) => ctx.loaders.offender.load(ref.id),
  dateOfBirth: (o: OffenderRow) => o.date_of_birth,
  incidents: (o: OffenderRow, args: PageArgs, ctx: Ctx) => ctx.loaders.incidentsByOffender.load(`${o.id}|${JSON.stringify([args.first ?? null, args.after ?? null])}`),
};
