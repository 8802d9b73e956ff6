/**
 * Victim first: the advocacy agency's confidential record that an offender notification may go out
 * (who, when, why, for which referral), and the NOTIFICATION_CLEARED outbox event that tells
 * tiering, written in one transaction. Victim-services cannot read tiering's notifications, so any
 * well-formed id is accepted and tiering ignores an event for a notification it does not know.
 * Clearing again changes nothing: the first record stands.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CursorShapes, Problems, TEXT, connectionOf, id, notFound, optionalText, pageOf, type Connection, type PageArgs } from '@ipvi/core';
import type { AdvocateClearanceEntity, ClearanceEventEntity } from '../entities';
import type { ClearNotificationInput } from '../generated/resolvers';
import type { DomainEnv } from './env';

export class ClearanceService {
  constructor(private readonly env: DomainEnv) {}

  async clear(input: ClearNotificationInput): Promise<AdvocateClearanceEntity> {
    const p = new Problems();
    const v = p.done(p.parse(z.object({ notificationId: id(), referralId: id().nullish(), note: optionalText(TEXT.long) }), input));
    const { principal } = this.env;
    const clearedAt = this.env.now();
    return this.env.ds.transaction(async (m) => {
      const referral = v.referralId ? await this.env.repos.referrals.lockVisible(m, v.referralId) : undefined;
      if (referral === null) throw notFound('Referral');
      const row = {
        notificationId: v.notificationId,
        advocacyAgency: principal.agency,
        clearedAt,
        clearedBy: principal.sub,
        referralId: referral?.id ?? null,
        note: v.note ?? null,
      };
      if (await this.env.repos.clearances.insertIfNew(m, row)) {
        await this.env.repos.clearances.appendEvent(m, {
          id: randomUUID(),
          type: 'NOTIFICATION_CLEARED',
          notificationId: row.notificationId,
          advocacyAgency: row.advocacyAgency,
          clearedAt,
        });
      }
      const [stored] = await this.env.repos.clearances.byNotificationIds([v.notificationId], m);
      if (!stored) throw new Error('the clearance just recorded is not visible to its agency');
      return stored;
    });
  }

  /** The clearance feed (tiering's service identity): the events after a cursor, oldest first. */
  async feed(args: PageArgs): Promise<Connection<ClearanceEventEntity>> {
    const page = pageOf(args, CursorShapes.seq);
    const after = page.after ? String(page.after[0]) : '0';
    const { rows, total, preceding } = await this.env.repos.clearances.events(after, page.limit);
    return connectionOf(rows, page.limit, total, (r) => [r.seq], preceding);
  }
}
