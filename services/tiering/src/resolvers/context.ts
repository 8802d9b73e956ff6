/** The resolvers' context type, and the commands a mutation runs with the request's principal, clock and audit. */
import type { HubContext } from '@ipvi/core';
import type { TieringLoaders } from '../loaders';
import { NotificationCommands } from '../services/notification.commands';
import { TierCommands } from '../services/tier.commands';

export type Ctx = HubContext<TieringLoaders>;

export function commands(ctx: Ctx) {
  const c = { ds: ctx.loaders.ds, principal: ctx.principal, scope: ctx.loaders.scope, config: ctx.config, audit: ctx.audit, now: ctx.now };
  return { tiers: new TierCommands(c), notifications: new NotificationCommands(c) };
}

/** An entity reference the gateway resolves in the owning subgraph. */
export const ref = (typename: 'Offender' | 'Incident', id: string) => ({ __typename: typename, id });
