/** The coordinators' review queue of notifications whose tier used an incident an amendment moved to another offender. Queries only. */
import type { DataSource, EntityManager } from 'typeorm';
import { connectionOf, type Connection } from '@ipvi/core';
import { SqlParams } from './scope';
import { NotificationReviewEntity } from '../entities';

export type ReviewRow = Pick<
  NotificationReviewEntity,
  'id' | 'notificationId' | 'offenderId' | 'agencyOri' | 'reason' | 'openedAt' | 'closedAt' | 'resolution'
> & {
  /** The keyset position (opened_at at microseconds). */
  cursorAt: string;
};

const REVIEW = `r.id, r.notification_id AS "notificationId", r.offender_id AS "offenderId", r.agency_ori AS "agencyOri", r.reason, r.opened_at AS "openedAt",
  r.closed_at AS "closedAt", r.resolution, to_char(r.opened_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorAt"`;

/** Closes an open review of one of `agencies`; false when there is none. */
export async function closeReview(
  m: EntityManager,
  id: string,
  agencies: readonly string[],
  resolution: string,
  at: Date,
  by: string,
): Promise<'CLOSED' | 'ALREADY_CLOSED' | 'MISSING'> {
  const [row] = (await m.query(`SELECT closed_at AS "closedAt" FROM notification_review WHERE id = $1 AND agency_ori = ANY($2::text[]) FOR UPDATE`, [
    id,
    [...agencies],
  ])) as Pick<NotificationReviewEntity, 'closedAt'>[];
  if (!row) return 'MISSING';
  if (row.closedAt) return 'ALREADY_CLOSED';
  await m.update(NotificationReviewEntity, { id }, { closedAt: at, closedBy: by, resolution });
  return 'CLOSED';
}

export class ReviewReader {
  constructor(
    private readonly ds: DataSource,
    private readonly agencies: readonly string[],
  ) {}

  byIds(ids: readonly string[]): Promise<ReviewRow[]> {
    return this.ds.query(`SELECT ${REVIEW} FROM notification_review r WHERE r.id = ANY($1::uuid[]) AND r.agency_ori = ANY($2::text[])`, [
      ids,
      [...this.agencies],
    ]);
  }

  /** Newest first. */
  async page(limit: number, after: readonly [string, string] | undefined, open: boolean | null): Promise<Connection<ReviewRow>> {
    const p = new SqlParams();
    const where = [`r.agency_ori = ANY(${p.add([...this.agencies])}::text[])`];
    if (open !== null) where.push(open ? 'r.closed_at IS NULL' : 'r.closed_at IS NOT NULL');
    const cond = after ? `(r.opened_at, r.id) < (${p.add(after[0])}::timestamptz, ${p.add(after[1])}::uuid)` : undefined;
    const keyset = cond ? ` AND ${cond}` : '';
    const rows = (await this.ds.query(
      `SELECT ${REVIEW} FROM notification_review r WHERE ${where.join(' AND ')}${keyset} ORDER BY r.opened_at DESC, r.id DESC LIMIT ${limit + 1}`,
      p.values,
    )) as ReviewRow[];
    // preceding: reviews (as filtered) at or before the cursor, so hasPreviousPage is exact.
    const [{ n, preceding }] = (await this.ds.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE ${cond ? `NOT ${cond}` : 'false'})::int AS preceding FROM notification_review r WHERE ${where.join(' AND ')}`,
      p.values,
    )) as [{ n: number; preceding: number }];
    return connectionOf(rows, limit, n, (r) => [r.cursorAt, r.id], preceding);
  }
}

/**
 * Opens a review, with its reason, for each pending notification of an offender whose tier used an
 * incident that left that offender's ledger (`dropped[i]` with `reasons[i]`); an open review of the
 * same notification and incident is not opened twice.
 */
export async function openReviews(
  m: EntityManager,
  dropped: readonly { readonly offenderId: string; readonly incidentId: string }[],
  reasons: readonly string[],
  at: Date,
): Promise<number> {
  if (dropped.length === 0) return 0;
  const rows = (await m.query(
    `INSERT INTO notification_review (notification_id, offender_id, agency_ori, incident_id, reason, opened_at)
     SELECT n.id, n.offender_id, n.agency_ori, d.incident_id, d.reason, $4
     FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS d(offender_id, incident_id, reason)
     JOIN notification n ON n.offender_id = d.offender_id AND n.status = 'PENDING'
     JOIN tier_assignment a ON a.id = n.assignment_id AND d.incident_id = ANY(a.incident_ids)
     ON CONFLICT DO NOTHING RETURNING id`,
    [dropped.map((d) => d.offenderId), dropped.map((d) => d.incidentId), [...reasons], at],
  )) as unknown[];
  return rows.length;
}
