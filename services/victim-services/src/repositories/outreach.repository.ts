/** Outreach attempts on referrals of the caller's agency; a reached attempt sets the referral's first contact. */
import { randomUUID } from 'node:crypto';
import { uuidsOnly, notInFuture, text } from '../domain/input';
import { REFERRAL_COLUMNS, type ReferralRepository, type ReferralRow } from './referral.repository';
import { SqlParams, visibleAgencies, type RepoEnv } from './scope';

export interface OutreachAttemptRow {
  id: string;
  referralId: string;
  attemptedAt: Date;
  channel: string;
  reached: boolean;
  outcome: string;
  notes: string | null;
  recordedBy: string;
}

export interface RecordOutreachAttemptInput {
  referralId: string;
  attemptedAt?: Date | null;
  channel: string;
  outcome: string;
  notes?: string | null;
}

const COLUMNS = `a.id, a.referral_id AS "referralId", a.attempted_at AS "attemptedAt", a.channel, a.reached, a.outcome, a.notes, a.recorded_by AS "recordedBy"`;

/** Outcomes that mean the victim was reached. */
export function isReached(outcome: string): boolean {
  return outcome.startsWith('REACHED_');
}

export class OutreachRepository {
  constructor(private readonly env: RepoEnv, private readonly referrals: ReferralRepository) {}

  async byReferralIds(ids: readonly string[]): Promise<OutreachAttemptRow[]> {
    const p = new SqlParams();
    return this.env.ds.query(
      `SELECT ${COLUMNS} FROM outreach_attempt a JOIN referral r ON r.id = a.referral_id
       WHERE a.referral_id = ANY(${p.add(uuidsOnly(ids))}::uuid[]) AND r.advocacy_agency = ANY(${p.add(visibleAgencies(this.env.principal, this.env.config))}::text[])
       ORDER BY a.referral_id, a.attempted_at, a.id`,
      p.values,
    );
  }

  /** Records the attempt and moves the referral on (NEW -> ATTEMPTING, reached -> CONTACTED), in one transaction. */
  async record(input: RecordOutreachAttemptInput): Promise<{ attempt: OutreachAttemptRow; referral: ReferralRow }> {
    const now = this.env.now();
    const attemptedAt = notInFuture('input.attemptedAt', input.attemptedAt ?? now, now);
    const notes = text('input.notes', input.notes ?? null, 4000);
    const reached = isReached(input.outcome);
    return this.env.ds.transaction(async (m) => {
      const referral = await this.referrals.requireVisible(m, input.referralId);
      const p = new SqlParams();
      const [attempt] = (await m.query(
        `INSERT INTO outreach_attempt AS a (id, referral_id, attempted_at, channel, reached, outcome, notes, recorded_by, recorded_at)
         VALUES (${[randomUUID(), referral.id, attemptedAt, input.channel, reached, input.outcome, notes, this.env.principal.sub, now].map(p.add).join(', ')})
         RETURNING ${COLUMNS}`,
        p.values,
      )) as OutreachAttemptRow[];
      const q = new SqlParams();
      const [rows] = (await m.query(
        `UPDATE referral r SET
           state = CASE WHEN r.state = 'CLOSED' THEN r.state WHEN ${q.add(reached)} THEN 'CONTACTED' WHEN r.state = 'NEW' THEN 'ATTEMPTING' ELSE r.state END,
           first_contact_at = CASE WHEN ${q.add(reached)} THEN LEAST(r.first_contact_at, ${q.add(attemptedAt)}::timestamptz) ELSE r.first_contact_at END
         WHERE r.id = ${q.add(referral.id)} RETURNING ${REFERRAL_COLUMNS}`,
        q.values,
      )) as [ReferralRow[]];
      return { attempt: attempt!, referral: rows[0]! };
    });
  }
}
