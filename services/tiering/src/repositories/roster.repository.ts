/** The roster: each offender's current tier assignment, newest first, within the caller's scope. Queries only. */
import type { DataSource } from 'typeorm';
import { connectionOf, type Connection } from '@ipvi/core';
import type { TierAssignmentEntity } from '../entities';
import type { Tier } from '../policy/tier-policy';
import { rosterScopeSql, type ProgramScope } from './program-scope';
import { SqlParams } from './scope';

export interface RosterQuery {
  readonly limit: number;
  /** Keyset to continue after: [assignedAt ISO, seq]. */
  readonly after: readonly [string, string] | undefined;
  readonly tiers: readonly Tier[] | null;
  readonly agency: string | null;
  readonly assignedSince: Date | null;
  readonly notified: boolean | null;
}

/** A roster row: the assignment id (nodes load through the assignment loader) and its cursor key. */
export type RosterRow = Pick<TierAssignmentEntity, 'id' | 'seq'> & {
  /** assigned_at at microseconds, ISO-8601 (the keyset position). */
  assignedAt: string;
};

export class RosterRepository {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: ProgramScope,
  ) {}

  async page(q: RosterQuery): Promise<Connection<RosterRow>> {
    const p = new SqlParams();
    const where = [rosterScopeSql(this.scope, p, 'cur.offender_id')];
    if (q.tiers) where.push(`cur.level = ANY(${p.add(q.tiers)}::text[])`);
    if (q.agency) where.push(`cur.agency_ori = ${p.add(q.agency)}`);
    if (q.assignedSince) where.push(`cur.assigned_at >= ${p.add(q.assignedSince)}`);
    if (q.notified !== null) {
      where.push(
        `${q.notified ? '' : 'NOT '}EXISTS (SELECT 1 FROM notification n WHERE n.offender_id = cur.offender_id AND n.tier_at_notice = cur.level AND n.status = 'DELIVERED')`,
      );
    }
    const cte = `WITH cur AS (SELECT DISTINCT ON (offender_id) id, seq, offender_id, agency_ori, level, assigned_at FROM tier_assignment ORDER BY offender_id, seq DESC)`;
    const filtered = where.join(' AND ');
    const cond = q.after ? `(cur.assigned_at, cur.seq) < (${p.add(q.after[0])}::timestamptz, ${p.add(q.after[1])}::bigint)` : undefined;
    const after = cond ? ` AND ${cond}` : '';
    const rows = (await this.ds.query(
      `${cte} SELECT cur.id, cur.seq::text AS seq, to_char(cur.assigned_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "assignedAt"
       FROM cur WHERE ${filtered}${after} ORDER BY cur.assigned_at DESC, cur.seq DESC LIMIT ${q.limit + 1}`,
      p.values,
    )) as RosterRow[];
    // preceding: roster rows (as filtered) at or before the cursor, so hasPreviousPage is exact.
    const [{ n, preceding }] = (await this.ds.query(
      `${cte} SELECT count(*)::int AS n, count(*) FILTER (WHERE ${cond ? `NOT ${cond}` : 'false'})::int AS preceding FROM cur WHERE ${filtered}`,
      p.values,
    )) as [{ n: number; preceding: number }];
    return connectionOf(rows, q.limit, n, (r) => [r.assignedAt, r.seq], preceding);
  }
}
