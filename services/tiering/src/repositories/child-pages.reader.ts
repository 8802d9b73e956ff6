/**
 * One page of an offender's growing child lists (Offender.tierHistoryConnection and
 * Offender.notificationsConnection) for many offender records at once: one statement per distinct
 * (first, after, filter), whatever the number of records. Each record reads its person's rows in the
 * same row scope and order as the plain lists (AssignmentReader.history, NotificationReader.byOffenders);
 * a row outside the scope is excluded inside the statement, so it reaches no edge, count or cursor.
 */
import type { DataSource } from 'typeorm';
import { CursorShapes, connectionOf, pageOf, type Connection, type PageArgs } from '@ipvi/core';
import type { NotificationStatus } from '../entities/notification.entity';
import type { NotificationType } from '../policy/tier-policy';
import { ASSIGNMENT_COLUMNS, type AssignmentRow } from './assignment.repository';
import { NOTIFICATION_COLUMNS, type NotificationRow } from './notification.repository';
import { assignmentSharedSql, notificationScopeSql, personMembersCte, SqlParams, type TieringScope } from './scope';

/** Which of an offender's notifications to list, as the domain validated it. */
export interface OffenderNotificationFilter {
  readonly statuses: readonly NotificationStatus[] | null;
  readonly types: readonly NotificationType[] | null;
}

export type HistoryPageRow = AssignmentRow & { viewedAs: string; cursorSeq: string };
export type NotificationPageRow = NotificationRow & { viewedAs: string; cursorAt: string };

interface Windowed {
  viewedAs: string;
  total: number;
  preceding: number;
  rn: string;
}

/**
 * Wraps a per-record select (`inner`, which must select `"viewedAs"`, and the window columns
 * `total`, `preceding` and `rn` over `PARTITION BY mem.r` in list order) so that each record keeps
 * only its page: rows rn = preceding + 1 .. preceding + limit + 1 (one more, to learn whether a
 * next page follows), plus the row at rn = preceding as a marker, so a record whose every row
 * precedes the cursor still reports its totals.
 */
function paged(inner: string, limit: number): string {
  return `SELECT * FROM (${inner}) x WHERE x.rn >= x.preceding AND x.rn <= x.preceding + ${limit + 1} ORDER BY x."viewedAs", x.rn`;
}

function connections<T extends Windowed>(
  recordIds: readonly string[],
  rows: readonly T[],
  limit: number,
  keyOf: (row: T) => (string | number)[],
): Map<string, Connection<T>> {
  const grouped = new Map<string, { total: number; preceding: number; rows: T[] }>();
  for (const r of rows) {
    let g = grouped.get(r.viewedAs);
    if (!g) grouped.set(r.viewedAs, (g = { total: r.total, preceding: r.preceding, rows: [] }));
    if (Number(r.rn) > r.preceding) g.rows.push(r);
  }
  const out = new Map<string, Connection<T>>();
  for (const id of recordIds) {
    const g = grouped.get(id);
    out.set(id, connectionOf(g?.rows ?? [], limit, g?.total ?? 0, keyOf, g?.preceding ?? 0));
  }
  return out;
}

export class ChildPageReader {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: TieringScope,
  ) {}

  /** A page of each record's person's tier history, oldest first (by assignment sequence); cursor: [seq]. */
  async tierHistory(recordIds: readonly string[], args: PageArgs): Promise<Map<string, Connection<HistoryPageRow>>> {
    const page = pageOf(args, CursorShapes.seq);
    const p = new SqlParams();
    const cte = personMembersCte(this.scope, p, recordIds);
    const shared = assignmentSharedSql(this.scope, p, this.scope.sharing.tierHistory);
    const atOrBefore = page.after ? `a.seq <= ${p.add(String(page.after[0]))}::bigint` : 'false';
    const rows = (await this.ds.query(
      `WITH ${cte} ${paged(
        `SELECT mem.r AS "viewedAs", ${ASSIGNMENT_COLUMNS}, a.seq::text AS "cursorSeq",
           count(*) OVER w::int AS total, (count(*) FILTER (WHERE ${atOrBefore}) OVER w)::int AS preceding,
           row_number() OVER (w ORDER BY a.seq) AS rn
         FROM mem JOIN tier_assignment a ON a.offender_id = mem.member WHERE ${shared}
         WINDOW w AS (PARTITION BY mem.r)`,
        page.limit,
      )}`,
      p.values,
    )) as (HistoryPageRow & Windowed)[];
    return connections(recordIds, rows, page.limit, (r) => [r.cursorSeq]);
  }

  /** A page of each record's person's notifications the caller may see, oldest first (created, then id); cursor: [created instant, id]. */
  async notifications(recordIds: readonly string[], args: PageArgs, filter: OffenderNotificationFilter): Promise<Map<string, Connection<NotificationPageRow>>> {
    const page = pageOf(args, CursorShapes.instantAndId);
    const p = new SqlParams();
    const cte = personMembersCte(this.scope, p, recordIds);
    const where = [notificationScopeSql(this.scope, p)];
    if (filter.statuses) where.push(`n.status = ANY(${p.add(filter.statuses)}::text[])`);
    if (filter.types) where.push(`n.type = ANY(${p.add(filter.types)}::text[])`);
    const atOrBefore = page.after ? `(n.created_at, n.id) <= (${p.add(page.after[0])}::timestamptz, ${p.add(page.after[1])}::uuid)` : 'false';
    const rows = (await this.ds.query(
      `WITH ${cte} ${paged(
        `SELECT mem.r AS "viewedAs", ${NOTIFICATION_COLUMNS},
           to_char(n.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorAt",
           count(*) OVER w::int AS total, (count(*) FILTER (WHERE ${atOrBefore}) OVER w)::int AS preceding,
           row_number() OVER (w ORDER BY n.created_at, n.id) AS rn
         FROM mem JOIN notification n ON n.offender_id = mem.member WHERE ${where.join(' AND ')}
         WINDOW w AS (PARTITION BY mem.r)`,
        page.limit,
      )}`,
      p.values,
    )) as (NotificationPageRow & Windowed)[];
    return connections(recordIds, rows, page.limit, (r) => [r.cursorAt, r.id]);
  }
}
