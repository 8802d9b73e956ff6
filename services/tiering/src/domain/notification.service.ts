/**
 * The notification workflow: delivery attempts, rescheduling, and the coordinators' waiver of the
 * victim-first clearance (advocates clear it through victim-services' feed, see
 * feed/clearance.consumer.ts, or its window lapses); and the work queue. Each change validates its
 * whole input first (every problem at once), then runs in one transaction under the offender's lock,
 * with the caller's row scope in SQL. The write is audited once, from the payload (core's shield).
 */
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { conflict, futureInstant, isUuid, notFound, pastInstant, Problems, requiredText, type Connection, type PageArgs } from '@ipvi/core';
import { OUTCOMES, type DeliveryOutcome } from '../policy/tier-policy';
import { onNoticeDelivered } from '../repositories/followup.repository';
import { lockPersons } from '../repositories/person.repository';
import { findNotification, recordAttempt, reschedule, waiveGate, type NotificationRow } from '../repositories/notification.repository';
import type { QueueFilter } from '../repositories/notification.reader';
import { notificationScopeSql, type SqlParams } from '../repositories/scope';
import { clearanceOpen, clearanceState } from './clearance';
import type { DomainEnv } from './env';
import { queueFilter } from './queue-filter';

const REASON = 2000;

export class NotificationService {
  constructor(private readonly env: DomainEnv) {}

  /** Pending notifications the caller's agencies must deliver, soonest due first (`filter`, or the deprecated loose arguments). */
  queue(args: PageArgs & QueueFilter & { filter?: QueueFilter | null }): Promise<Connection<NotificationRow>> {
    return this.env.repos.notifications.queue(args, queueFilter(this.env.config, args));
  }

  /** Locks a pending notification within scope, or throws NOT_FOUND / CONFLICT. */
  private async pending(m: EntityManager, id: string): Promise<NotificationRow> {
    // Only the agency that owns the notification (or a partnership-wide coordinator) acts on it.
    const scope = (p: SqlParams) => notificationScopeSql(this.env.scope, p);
    const found = isUuid(id) ? await findNotification(m, id, scope, false) : null;
    if (!found) throw notFound('Notification');
    // The person's lock first, as the feed takes it, then the row: no lock-order deadlock.
    await lockPersons(m, [found.offenderId]);
    const probe = (await findNotification(m, id, scope, true))!;
    if (probe.status === 'SUPERSEDED') throw conflict('This notification was superseded by a newer tier; deliver the newer one.');
    if (probe.status === 'DELIVERED') throw conflict('This notification was already delivered.');
    return probe;
  }

  /** Records a delivery attempt (the owning agency only); CONFLICT while the victim-first clearance is PENDING. */
  async recordDelivery(input: { notificationId: string; deliveredAt: Date; outcome: DeliveryOutcome }): Promise<NotificationRow> {
    const now = this.env.now();
    const p = new Problems();
    const v = p.done(p.parse(z.object({ notificationId: z.string(), deliveredAt: pastInstant(now), outcome: z.enum(OUTCOMES) }), input));
    const id = await this.env.ds.transaction(async (m) => {
      const n = await this.pending(m, v.notificationId);
      if (!clearanceOpen(n, now)) {
        throw conflict(
          `Delivery cannot be recorded while the victim-first clearance is PENDING (until ${n.gateDeadline.toISOString()}, unless advocates clear it or a coordinator waives it).`,
        );
      }
      await recordAttempt(m, n.id, v.outcome, v.deliveredAt, this.env.principal.sub);
      if (v.outcome === 'DELIVERED') await onNoticeDelivered(m, n, v.deliveredAt, this.env.principal.sub);
      return n.id;
    });
    return this.reread(id);
  }

  /** Moves the due time of an undelivered notification, with a reason. */
  async reschedule(input: { notificationId: string; dueAt: Date; reason: string }): Promise<NotificationRow> {
    const now = this.env.now();
    const p = new Problems();
    const v = p.done(p.parse(z.object({ notificationId: z.string(), dueAt: futureInstant(now), reason: requiredText(REASON) }), input));
    const id = await this.env.ds.transaction(async (m) => {
      const n = await this.pending(m, v.notificationId);
      await reschedule(m, n.id, v.dueAt, v.reason, this.env.principal.sub, now);
      return n.id;
    });
    return this.reread(id);
  }

  /** Coordinators: open a PENDING clearance without the advocates, with a reason. */
  async waiveGate(input: { notificationId: string; reason: string }): Promise<NotificationRow> {
    const now = this.env.now();
    const p = new Problems();
    const v = p.done(p.parse(z.object({ notificationId: z.string(), reason: requiredText(REASON) }), input));
    const id = await this.env.ds.transaction(async (m) => {
      const n = await this.pending(m, v.notificationId);
      if (clearanceOpen(n, now)) throw conflict(`The clearance is already ${clearanceState(n, now)}; nothing to waive.`);
      await waiveGate(m, n.id, v.reason, this.env.principal.sub, now);
      return n.id;
    });
    return this.reread(id);
  }

  /** The notification as the caller reads it after a change it made (in its scope by construction). */
  private async reread(id: string): Promise<NotificationRow> {
    const [row] = await this.env.repos.notifications.byIds([id]);
    if (!row) throw notFound('Notification');
    return row;
  }
}
