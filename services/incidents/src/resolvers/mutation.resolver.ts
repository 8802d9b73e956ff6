/** Mutations map their one `input` to the request's command service; payloads load what was written. */
import type { HubContext } from '@ipvi/core';
import type { IncidentLoaders } from '../loaders';
import type { IncidentWriteResult, OrderWriteResult } from '../repositories/incident-commands';
import type { PossibleDuplicate as Duplicate } from '../repositories/offender-resolver';
import type { DecisionInput, UnlinkInput } from '../repositories/person-link-commands';

type Ctx = HubContext<IncidentLoaders>;
type Input<T = unknown> = { input: T };

export const Mutation = {
  recordIncident: (_: unknown, { input }: Input, ctx: Ctx) => ctx.loaders.commands.recordIncident(input, ctx.audit),
  amendIncident: (_: unknown, { input }: Input<{ id: string; expectedVersion?: number | null; incident: unknown }>, ctx: Ctx) =>
    ctx.loaders.commands.amendIncident(input, ctx.audit),
  recordProtectiveOrder: (_: unknown, { input }: Input, ctx: Ctx) => ctx.loaders.commands.recordProtectiveOrder(input, ctx.audit),
  recordLethalityScreen: (_: unknown, { input }: Input<{ incidentId: string; screen: unknown }>, ctx: Ctx) => ctx.loaders.commands.recordLethalityScreen(input, ctx.audit),
  confirmPersonLink: (_: unknown, { input }: Input<DecisionInput>, ctx: Ctx) => ctx.loaders.personLinkCommands.confirm(input),
  rejectPersonLink: (_: unknown, { input }: Input<DecisionInput>, ctx: Ctx) => ctx.loaders.personLinkCommands.reject(input),
  unlinkPersons: (_: unknown, { input }: Input<UnlinkInput>, ctx: Ctx) => ctx.loaders.personLinkCommands.unlink(input),
};

const incidentOf = (r: IncidentWriteResult, _: unknown, ctx: Ctx) => ctx.loaders.incident.load(r.incidentId);

export const RecordIncidentPayload = { incident: incidentOf };
export const AmendIncidentPayload = { incident: incidentOf };
export const RecordLethalityScreenPayload = { incident: incidentOf };
export const RecordProtectiveOrderPayload = {
  protectiveOrder: (r: OrderWriteResult, _: unknown, ctx: Ctx) => ctx.loaders.protectiveOrder.load(r.protectiveOrderId),
};
export const PossibleDuplicate = {
  offender: (d: Duplicate, _: unknown, ctx: Ctx) => ctx.loaders.offender.load(d.offenderId),
};
