/** Notifications as callers read them: the work queue and per-offender lists, within the row scope. */
import type { DataSource } from 'typeorm';
import { CursorShapes, connectionOf, pageOf, type Connection, type HubConfig, type PageArgs } from '@ipvi/core';
import type { NotificationEventEntity } from '../entities';
import type { NotificationType } from '../policy/tier-policy';
import { NOTIFICATION_COLUMNS, type NotificationRow } from './notification.repository';
import { notificationScopeSql, personMembersCte, SqlParams, type TieringScope } from './scope';

export interface QueueFilter {
  overdueOnly?: boolean | null;
  dueWithinHours?: number | null;
  agency?: string | null;
  type?: NotificationType | null;
}

/** Another agency's pending notification of the person, as the sharing agreement shows it: no id, letter, history or deliverer. */
export type PartnerNotificationRow = Pick<
  NotificationRow,
  'agencyOri' | 'type' | 'tierAtNotice' | 'dueAt' | 'gateDeadline' | 'gateClearedAt' | 'gateWaivedAt'
> & {
  /** The record the caller asked about. */
  viewedAs: string;
  status: Extract<NotificationRow['status'], 'PENDING'>;
};

export type NotificationEventRow = Pick<NotificationEventEntity, 'notificationId' | 'kind' | 'at' | 'outcome' | 'dueAt' | 'reason'>;

export class NotificationReader {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: TieringScope,
    private readonly config: HubConfig,
    private readonly now: () => Date,
  ) {}

  private select(where: (p: SqlParams) => string, order: string): Promise<NotificationRow[]> {
    const p = new SqlParams();
    const cond = where(p);
    return this.ds.query(
      `SELECT ${NOTIFICATION_COLUMNS} FROM notification n WHERE ${cond} AND ${notificationScopeSql(this.scope, p)} ORDER BY ${order}`,
      p.values,
    );
  }

  byIds(ids: readonly string[]): Promise<NotificationRow[]> {
    return this.select((p) => `n.id = ANY(${p.add(ids)}::uuid[])`, 'n.id');
  }

  /** The notifications of each record's person the caller may see, oldest first (tagged with the record asked about). */
  byOffenders(offenderIds: readonly string[]): Promise<(NotificationRow & { viewedAs: string })[]> {
    const p = new SqlParams();
    const cte = personMembersCte(this.scope, p, offenderIds);
    return this.ds.query(
      `WITH ${cte} SELECT mem.r AS "viewedAs", ${NOTIFICATION_COLUMNS} FROM mem JOIN notification n ON n.offender_id = mem.member
       WHERE ${notificationScopeSql(this.scope, p)} ORDER BY mem.r, n.created_at, n.id`,
      p.values,
    );
  }

  /** Other agencies' pending notifications of each record's person, when the sharing agreement shares them. */
  partnerNotifications(offenderIds: readonly string[]): Promise<PartnerNotificationRow[]> {
    if (!this.scope.partnerNotifications) return Promise.resolve([]);
    const p = new SqlParams();
    const cte = personMembersCte(this.scope, p, offenderIds);
    return this.ds.query(
      `WITH ${cte} SELECT mem.r AS "viewedAs", n.agency_ori AS "agencyOri", n.type, n.tier_at_notice AS "tierAtNotice", n.due_at AS "dueAt", n.status,
         n.gate_deadline AS "gateDeadline", n.gate_cleared_at AS "gateClearedAt", n.gate_waived_at AS "gateWaivedAt"
       FROM mem JOIN notification n ON n.offender_id = mem.member
       WHERE n.status = 'PENDING' AND NOT ${notificationScopeSql(this.scope, p)} ORDER BY mem.r, n.due_at, n.id`,
      p.values,
    );
  }

  /** Pending notifications, soonest due first. */
  /** `f` as the domain validated it (agency normalised). */
  async queue(args: PageArgs, f: QueueFilter): Promise<Connection<NotificationRow>> {
    const page = pageOf(args, CursorShapes.instantAndId);
    const agency = f.agency ?? null;
    const p = new SqlParams();
    const where = [`n.status = 'PENDING'`, notificationScopeSql(this.scope, p)];
    const now = this.now();
    if (f.overdueOnly) where.push(`n.due_at < ${p.add(now)}`);
    if (f.dueWithinHours != null) where.push(`n.due_at < ${p.add(new Date(now.getTime() + f.dueWithinHours * 3600_000))}`);
    if (agency) where.push(`n.agency_ori = ${p.add(agency)}`);
    if (f.type) where.push(`n.type = ${p.add(f.type)}`);
    const cursor = page.after ? `(n.due_at, n.id) > (${p.add(page.after[0])}::timestamptz, ${p.add(page.after[1])}::uuid)` : undefined;
    // preceding: queue items (as filtered) at or before the cursor, so hasPreviousPage is exact.
    const [{ n, preceding }] = (await this.ds.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE ${cursor ? `NOT ${cursor}` : 'false'})::int AS preceding FROM notification n WHERE ${where.join(' AND ')}`,
      p.values,
    )) as [{ n: number; preceding: number }];
    if (cursor) where.push(cursor);
    const rows = (await this.ds.query(
      `SELECT ${NOTIFICATION_COLUMNS} FROM notification n WHERE ${where.join(' AND ')} ORDER BY n.due_at, n.id LIMIT ${page.limit + 1}`,
      p.values,
    )) as NotificationRow[];
    return connectionOf(rows, page.limit, n, (r) => [r.dueAt.toISOString(), r.id], preceding);
  }

  /** The events of notifications the caller may see, in order. */
  events(notificationIds: readonly string[]): Promise<NotificationEventRow[]> {
    const p = new SqlParams();
    return this.ds.query(
      `SELECT e.notification_id AS "notificationId", e.kind, e.at, e.outcome, e.due_at AS "dueAt", e.reason
       FROM notification_event e JOIN notification n ON n.id = e.notification_id
       WHERE e.notification_id = ANY(${p.add(notificationIds)}::uuid[]) AND ${notificationScopeSql(this.scope, p)} ORDER BY e.seq`,
      p.values,
    );
  }
}
