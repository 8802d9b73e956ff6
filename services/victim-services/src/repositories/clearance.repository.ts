/**
 * The advocates' confidential record of a victim-first clearance: who cleared an offender
 * notification, when, why and for which referral. One record per notification and advocacy agency,
 * readable only by that agency (another agency's record looks exactly like none).
 *
 * The gate itself (state, deadline) is tiering's. Clearing writes the record and a
 * NOTIFICATION_CLEARED outbox event in one transaction; tiering consumes the event and opens its
 * gate. Victim-services cannot read tiering's notifications, so any well-formed id is accepted and
 * tiering ignores an event for a notification it does not know (or one the agency does not serve).
 */
import { InputError } from '@ipvi/core';
import type { EntityManager } from 'typeorm';
import { isUuid, text, uuidsOnly } from '../domain/input';
import { ClearanceEventRepository } from './clearance-event.repository';
import type { ReferralRepository } from './referral.repository';
import { SqlParams, visibleAgencies, type RepoEnv } from './scope';

export interface AdvocateClearanceRow {
  notificationId: string;
  advocacyAgency: string;
  clearedAt: Date;
  clearedBy: string;
  note: string | null;
  referralId: string | null;
}

export interface ClearNotificationInput {
  notificationId: string;
  referralId?: string | null;
  note?: string | null;
}

const COLUMNS = `c.notification_id AS "notificationId", c.advocacy_agency AS "advocacyAgency", c.cleared_at AS "clearedAt",
  c.cleared_by AS "clearedBy", c.note, c.referral_id AS "referralId"`;

export class ClearanceRepository {
  constructor(private readonly env: RepoEnv, private readonly referrals: ReferralRepository) {}

  private select(m: Pick<EntityManager, 'query'>, notificationIds: readonly string[]): Promise<AdvocateClearanceRow[]> {
    const p = new SqlParams();
    return m.query(
      `SELECT ${COLUMNS} FROM advocate_clearance c
       WHERE c.notification_id = ANY(${p.add(uuidsOnly(notificationIds))}::uuid[]) AND c.advocacy_agency = ANY(${p.add(visibleAgencies(this.env.principal, this.env.config))}::text[])`,
      p.values,
    );
  }

  /** The caller's agency's clearances of these notifications (none for anyone outside an advocacy agency). */
  byNotificationIds(ids: readonly string[]): Promise<AdvocateClearanceRow[]> {
    return this.select(this.env.ds, ids);
  }

  /** Records the caller's agency's clearance and tells tiering. Clearing again changes nothing (the first record stands). */
  async clear(input: ClearNotificationInput): Promise<AdvocateClearanceRow> {
    if (!isUuid(input.notificationId)) throw new InputError('input.notificationId', 'is not a notification id');
    const note = text('input.note', input.note ?? null, 4000);
    const { principal } = this.env;
    const clearedAt = this.env.now();
    return this.env.ds.transaction(async (m) => {
      const referral = input.referralId ? await this.referrals.requireVisible(m, input.referralId) : undefined;
      const inserted = (await m.query(
        `INSERT INTO advocate_clearance (notification_id, advocacy_agency, cleared_at, cleared_by, referral_id, note)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING notification_id`,
        [input.notificationId, principal.agency, clearedAt, principal.sub, referral?.id ?? null, note],
      )) as unknown[];
      if (inserted.length > 0) await ClearanceEventRepository.append(m, { notificationId: input.notificationId, advocacyAgency: principal.agency, clearedAt });
      const [row] = await this.select(m, [input.notificationId]);
      return row!;
    });
  }
}
