/**
 * The notification workflow: delivery attempts, rescheduling, and the coordinators' waiver of the
 * victim-first clearance (advocates clear it through victim-services' feed, see
 * feed/clearance.consumer.ts, or its window lapses). Each command runs in one transaction under the
 * offender's lock, checks the caller's row scope in SQL, and notes the write for the audit trail.
 */
import type { EntityManager } from 'typeorm';
import { conflict, InputError, notFound } from '@ipvi/core';
import type { DeliveryOutcome } from '../policy/tier-policy';
import { onNoticeDelivered } from '../repositories/followup.repository';
import { lockPersons } from '../repositories/person.repository';
import { findNotification, recordAttempt, reschedule, waiveGate, type NotificationRow } from '../repositories/notification.repository';
import { notificationScopeSql, type SqlParams } from '../repositories/scope';
import { requiredText, pastInstant, type CommandContext } from './context';
import { clearanceOpen, clearanceState } from './clearance';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class NotificationCommands {
  constructor(private readonly c: CommandContext) {}

  /** Locks a pending notification within scope, or throws NOT_FOUND / CONFLICT. */
  private async pending(m: EntityManager, id: string): Promise<NotificationRow> {
    // Only the agency that owns the notification (or a partnership-wide coordinator) acts on it.
    const scope = (p: SqlParams) => notificationScopeSql(this.c.scope, p);
    const found = UUID.test(id) ? await findNotification(m, id, scope, false) : null;
    if (!found) throw notFound('Notification');
    // The person's lock first, as the feed takes it, then the row: no lock-order deadlock.
    await lockPersons(m, [found.offenderId]);
    const probe = (await findNotification(m, id, scope, true))!;
    if (probe.status === 'SUPERSEDED') throw conflict('This notification was superseded by a newer tier; deliver the newer one.');
    if (probe.status === 'DELIVERED') throw conflict('This notification was already delivered.');
    return probe;
  }

  /** Runs a change in one transaction; the write is noted for the audit trail once it has committed. */
  private async run<T>(path: string, id: string, work: (m: EntityManager, now: Date) => Promise<T>): Promise<T> {
    const out = await this.c.ds.transaction((m) => work(m, this.c.now()));
    this.c.audit.wrote(path, [id]);
    return out;
  }

  recordDelivery(input: { notificationId: string; deliveredAt: Date; outcome: DeliveryOutcome }): Promise<string> {
    return this.run('Mutation.recordNotificationDelivery', input.notificationId, async (m, now) => {
      const at = pastInstant(input.deliveredAt, 'input.deliveredAt', now);
      const n = await this.pending(m, input.notificationId);
      if (!clearanceOpen(n, now)) {
        throw conflict(
          `Delivery cannot be recorded while the victim-first clearance is PENDING (until ${n.gateDeadline.toISOString()}, unless advocates clear it or a coordinator waives it).`,
        );
      }
      await recordAttempt(m, n.id, input.outcome, at, this.c.principal.sub);
      if (input.outcome === 'DELIVERED') await onNoticeDelivered(m, n, at, this.c.principal.sub);
      return n.id;
    });
  }

  reschedule(input: { notificationId: string; dueAt: Date; reason: string }): Promise<string> {
    return this.run('Mutation.rescheduleNotification', input.notificationId, async (m, now) => {
      const reason = requiredText(input.reason, 'input.reason');
      if (input.dueAt.getTime() <= now.getTime()) throw new InputError('input.dueAt', 'must be in the future');
      const n = await this.pending(m, input.notificationId);
      await reschedule(m, n.id, input.dueAt, reason, this.c.principal.sub, now);
      return n.id;
    });
  }

  /** Coordinators: open a PENDING clearance without the advocates, with a reason (audited). */
  waiveGate(input: { notificationId: string; reason: string }): Promise<string> {
    return this.run('Mutation.waiveNotificationGate', input.notificationId, async (m, now) => {
      const reason = requiredText(input.reason, 'input.reason');
      const n = await this.pending(m, input.notificationId);
      if (clearanceOpen(n, now)) throw conflict(`The clearance is already ${clearanceState(n, now)}; nothing to waive.`);
      await waiveGate(m, n.id, reason, this.c.principal.sub, now);
      return n.id;
    });
  }
}
