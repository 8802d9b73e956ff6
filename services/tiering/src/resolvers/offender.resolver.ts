import type { HubContext } from '@ipvi/core';
import type { TieringLoaders } from '../loaders';

type Ctx = HubContext<TieringLoaders>;

export const Offender = {
  __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  tier: (o: { id: string }, _: unknown, ctx: Ctx) => ctx.loaders.currentTier.load(o.id),
};
