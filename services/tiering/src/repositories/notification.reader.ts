/** Notifications as callers read them: the work queue and per-offender lists, within the row scope. */
import type { DataSource } from 'typeorm';
import { CursorShapes, connectionOf, InputError, pageOf, type Connection, type HubConfig, type PageArgs, type Principal } from '@ipvi/core';
import type { NotificationType } from '../policy/tier-policy';
import { NOTIFICATION_COLUMNS, type NotificationRow } from './notification.repository';
import { notificationScopeSql, SqlParams } from './scope';

export interface QueueFilter {
  overdueOnly?: boolean | null;
  dueWithinHours?: number | null;
  agency?: string | null;
  type?: NotificationType | null;
}

export interface NotificationEventRow {
  notificationId: string;
  kind: string;
  at: Date;
  outcome: string | null;
  dueAt: Date | null;
  reason: string | null;
}

export class NotificationReader {
  constructor(private readonly ds: DataSource, private readonly principal: Principal, private readonly config: HubConfig, private readonly now: () => Date) {}

  private select(where: (p: SqlParams) => string, order: string): Promise<NotificationRow[]> {
    const p = new SqlParams();
    const cond = where(p);
    return this.ds.query(`SELECT ${NOTIFICATION_COLUMNS} FROM notification n WHERE ${cond} AND ${notificationScopeSql(this.principal, this.config, p)} ORDER BY ${order}`, p.values);
  }

  byIds(ids: readonly string[]): Promise<NotificationRow[]> {
    return this.select((p) => `n.id = ANY(${p.add(ids)}::uuid[])`, 'n.id');
  }

  /** Each offender's notifications, oldest first. */
  byOffenders(offenderIds: readonly string[]): Promise<NotificationRow[]> {
    return this.select((p) => `n.offender_id = ANY(${p.add(offenderIds)}::uuid[])`, 'n.offender_id, n.created_at, n.id');
  }

  /** Pending notifications, soonest due first. */
  async queue(args: PageArgs, f: QueueFilter): Promise<Connection<NotificationRow>> {
    const page = pageOf(args, CursorShapes.instantAndId);
    if (f.dueWithinHours != null && (!Number.isInteger(f.dueWithinHours) || f.dueWithinHours < 0 || f.dueWithinHours > 24 * 365)) {
      throw new InputError('dueWithinHours', 'must be a whole number of hours from 0 to 8760');
    }
    const p = new SqlParams();
    const where = [`n.status = 'PENDING'`, notificationScopeSql(this.principal, this.config, p)];
    const now = this.now();
    if (f.overdueOnly) where.push(`n.due_at < ${p.add(now)}`);
    if (f.dueWithinHours != null) where.push(`n.due_at < ${p.add(new Date(now.getTime() + f.dueWithinHours * 3600_000))}`);
    if (f.agency) where.push(`n.agency_ori = ${p.add(f.agency)}`);
    if (f.type) where.push(`n.type = ${p.add(f.type)}`);
    const [{ n }] = (await this.ds.query(`SELECT count(*)::int AS n FROM notification n WHERE ${where.join(' AND ')}`, p.values)) as [{ n: number }];
    if (page.after) where.push(`(n.due_at, n.id) > (${p.add(page.after[0])}::timestamptz, ${p.add(page.after[1])}::uuid)`);
    const rows = (await this.ds.query(
      `SELECT ${NOTIFICATION_COLUMNS} FROM notification n WHERE ${where.join(' AND ')} ORDER BY n.due_at, n.id LIMIT ${page.limit + 1}`,
      p.values,
    )) as NotificationRow[];
    return connectionOf(rows, page.limit, n, (r) => [r.dueAt.toISOString(), r.id]);
  }

  /** The events of notifications the caller may see, in order. */
  events(notificationIds: readonly string[]): Promise<NotificationEventRow[]> {
    const p = new SqlParams();
    return this.ds.query(
      `SELECT e.notification_id AS "notificationId", e.kind, e.at, e.outcome, e.due_at AS "dueAt", e.reason
       FROM notification_event e JOIN notification n ON n.id = e.notification_id
       WHERE e.notification_id = ANY(${p.add(notificationIds)}::uuid[]) AND ${notificationScopeSql(this.principal, this.config, p)} ORDER BY e.seq`,
      p.values,
    );
  }
}
