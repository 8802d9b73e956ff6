/**
 * The victim-first gate on offender notifications. Victim-services owns the clearance record; the
 * notification is tiering's. A clearance opens the first time the graph asks about a notification
 * (or when an advocate clears it): its deadline is then fixed at opening + the site's window.
 * State: CLEARED once an advocate cleared it, else WINDOW_LAPSED from the deadline on, else PENDING.
 * The advocates' note, time and referral are readable only by the clearing agency's advocates.
 */
import { InputError } from '@ipvi/core';
import { isUuid, text, uuidsOnly } from '../domain/input';
import type { ReferralRepository } from './referral.repository';
import { SqlParams, visibleAgencies, type RepoEnv } from './scope';

export type ClearanceState = 'PENDING' | 'CLEARED' | 'WINDOW_LAPSED';

export interface ClearanceRow {
  notificationId: string;
  state: ClearanceState;
  deadline: Date;
  /** Advocates of the clearing agency only (null for everyone else). */
  clearedAt: Date | null;
  note: string | null;
  referralId: string | null;
}

export class ClearanceRepository {
  constructor(private readonly env: RepoEnv, private readonly referrals: ReferralRepository) {}

  private columns(p: SqlParams, now: Date): string {
    const at = p.add(now);
    const own = `n.advocacy_agency = ANY(${p.add(visibleAgencies(this.env.principal, this.env.config))}::text[])`;
    return `n.notification_id AS "notificationId", n.deadline,
      CASE WHEN n.cleared_at IS NOT NULL THEN 'CLEARED' WHEN n.deadline <= ${at}::timestamptz THEN 'WINDOW_LAPSED' ELSE 'PENDING' END AS state,
      CASE WHEN ${own} THEN n.cleared_at END AS "clearedAt", CASE WHEN ${own} THEN n.note END AS note,
      CASE WHEN ${own} THEN n.referral_id END AS "referralId"`;
  }

  /** The clearances of these notifications, opening those never seen before. */
  async byNotificationIds(ids: readonly string[]): Promise<ClearanceRow[]> {
    const valid = uuidsOnly(ids);
    if (valid.length === 0) return [];
    const now = this.env.now();
    await this.env.ds.query(
      `INSERT INTO notification_clearance (notification_id, opened_at, deadline)
       SELECT id, $2::timestamptz, $2::timestamptz + make_interval(hours => $3::int) FROM unnest($1::uuid[]) AS t(id) ON CONFLICT DO NOTHING`,
      [valid, now, this.env.config.victimServices.clearanceWindowHours],
    );
    const p = new SqlParams();
    const cols = this.columns(p, now);
    return this.env.ds.query(`SELECT ${cols} FROM notification_clearance n WHERE n.notification_id = ANY(${p.add(valid)}::uuid[])`, p.values);
  }

  /** Marks the notification clear to deliver. Clearing a cleared notification changes nothing. */
  async clear(input: { notificationId: string; referralId?: string | null; note?: string | null }): Promise<ClearanceRow> {
    if (!isUuid(input.notificationId)) throw new InputError('input.notificationId', 'is not a notification id');
    const note = text('input.note', input.note ?? null, 4000);
    const { principal, config } = this.env;
    const now = this.env.now();
    return this.env.ds.transaction(async (m) => {
      const referral = input.referralId ? await this.referrals.requireVisible(m, input.referralId) : undefined;
      const p = new SqlParams();
      const at = p.add(now);
      await m.query(
        `INSERT INTO notification_clearance AS n (notification_id, opened_at, deadline, cleared_at, cleared_by, advocacy_agency, referral_id, note)
         VALUES (${p.add(input.notificationId)}, ${at}, ${at}::timestamptz + make_interval(hours => ${p.add(config.victimServices.clearanceWindowHours)}::int),
                 ${at}, ${p.add(principal.sub)}, ${p.add(principal.agency)}, ${p.add(referral?.id ?? null)}, ${p.add(note)})
         ON CONFLICT (notification_id) DO UPDATE SET cleared_at = EXCLUDED.cleared_at, cleared_by = EXCLUDED.cleared_by,
           advocacy_agency = EXCLUDED.advocacy_agency, referral_id = EXCLUDED.referral_id, note = EXCLUDED.note
         WHERE n.cleared_at IS NULL`,
        p.values,
      );
      const q = new SqlParams();
      const cols = this.columns(q, now);
      const [row] = (await m.query(`SELECT ${cols} FROM notification_clearance n WHERE n.notification_id = ${q.add(input.notificationId)}`, q.values)) as ClearanceRow[];
      return row!;
    });
  }
}
