/**
 * The clearance outbox: a NOTIFICATION_CLEARED event written in the transaction that records an
 * advocacy agency's clearance, read by tiering (with its service identity) through
 * `Query.clearanceEvents`. An event says which notification, when and which agency: never who, why
 * or for which victim.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { InputError, connectionOf, pageOf, type Connection, type PageArgs } from '@ipvi/core';

export interface ClearanceEventRow {
  seq: string;
  id: string;
  type: 'NOTIFICATION_CLEARED';
  notificationId: string;
  advocacyAgency: string;
  clearedAt: Date;
  recordedAt: Date;
}

/** Held to commit while appending: events become visible in `seq` order, so a cursor never skips one. */
const OUTBOX_LOCK = 74110003;

export class ClearanceEventRepository {
  constructor(private readonly ds: DataSource) {}

  /** Appends the event of one clearance inside the caller's transaction `m`. */
  static async append(m: EntityManager, c: { notificationId: string; advocacyAgency: string; clearedAt: Date }): Promise<void> {
    await m.query('SELECT pg_advisory_xact_lock($1)', [OUTBOX_LOCK]);
    await m.query(
      `INSERT INTO clearance_event (id, type, notification_id, advocacy_agency, cleared_at) VALUES ($1, 'NOTIFICATION_CLEARED', $2, $3, $4)`,
      [randomUUID(), c.notificationId, c.advocacyAgency, c.clearedAt],
    );
  }

  /** The events after a cursor, oldest first. */
  async page(args: PageArgs): Promise<Connection<ClearanceEventRow>> {
    const page = pageOf(args);
    const after = page.after ? String(page.after[0]) : '0';
    if (!/^\d{1,19}$/.test(after)) throw new InputError('after', 'is not a cursor returned by this list');
    const rows = (await this.ds.query(
      `SELECT seq, id, type, notification_id AS "notificationId", advocacy_agency AS "advocacyAgency", cleared_at AS "clearedAt", recorded_at AS "recordedAt"
       FROM clearance_event WHERE seq > $1 ORDER BY seq LIMIT ${page.limit + 1}`,
      [after],
    )) as ClearanceEventRow[];
    const [{ n }] = (await this.ds.query('SELECT count(*)::int AS n FROM clearance_event WHERE seq > $1', [after])) as [{ n: number }];
    return connectionOf(rows, page.limit, n, (r) => [r.seq]);
  }
}
