/** The roster and watch list: validates the filter, then reads current assignments within the caller's scope. */
import { z } from 'zod';
import { list, Problems, type Connection, type CursorShape, type HubConfig, type PageArgs } from '@ipvi/core';
import { TIERS, type Tier } from '../policy/tier-policy';
import type { RosterRepository, RosterRow } from '../repositories/roster.repository';
import { pageIn, policeAgency } from './inputs';

/** The roster's keyset: the assignment's instant and its sequence number. */
const ROSTER_CURSOR: CursorShape = ['timestamp', 'int'];

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
    const p = new Problems('');
    const v = p.parse(
      z.object({
        filter: z
          .object({
            tiers: list(z.enum(TIERS)).min(1, 'must name at least one tier').nullish(),
            agency: policeAgency(this.config).nullish(),
            assignedSince: z.date().nullish(),
            notified: z.boolean().nullish(),
          })
          .nullish(),
      }),
      { filter },
    );
    const page = pageIn<[string, string]>(p, args, ROSTER_CURSOR);
    const f = p.done(v).filter ?? {};
    return this.roster.page({
      limit: page!.limit,
      after: page!.after?.map(String) as [string, string] | undefined,
      tiers: f.tiers ? [...new Set(f.tiers)] : null,
      agency: f.agency ?? null,
      assignedSince: f.assignedSince ?? null,
      notified: f.notified ?? null,
    });
  }
}
