/** The roster and watch list: validates the filter, then reads current assignments within the caller's scope. */
import { decodeCursor, InputError, pageOf, type Connection, type HubConfig, type PageArgs } from '@ipvi/core';
import { TIERS, type Tier } from '../policy/tier-policy';
import type { RosterRepository, RosterRow } from '../repositories/roster.repository';
import { policeAgency } from './inputs';

export interface TierRosterFilter {
  tiers?: readonly Tier[] | null;
  agency?: string | null;
  assignedSince?: Date | null;
  notified?: boolean | null;
}

export class RosterService {
  constructor(
    private readonly roster: RosterRepository,
    private readonly config: HubConfig,
  ) {}

  page(args: PageArgs, filter: TierRosterFilter | null | undefined): Promise<Connection<RosterRow>> {
    const page = pageOf({ first: args.first });
    const after = args.after ? decodeCursor(args.after) : undefined;
    if (after && (after.length !== 2 || typeof after[0] !== 'string' || typeof after[1] !== 'string'))
      throw new InputError('after', 'is not a cursor returned by this list');
    const f = filter ?? {};
    if (f.tiers && (f.tiers.length === 0 || f.tiers.some((t) => !TIERS.includes(t)))) throw new InputError('filter.tiers', 'must name at least one tier');
    return this.roster.page({
      limit: page.limit,
      after: after as [string, string] | undefined,
      tiers: f.tiers ? [...new Set(f.tiers)] : null,
      agency: f.agency == null ? null : policeAgency(this.config, f.agency, 'filter.agency'),
      assignedSince: f.assignedSince ?? null,
      notified: f.notified ?? null,
    });
  }
}
