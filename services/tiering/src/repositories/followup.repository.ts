/**
 * What follows a tier or a delivered notice: prosecution flags (B and A), the offer of help and its
 * referrals, the outcome ledger for evaluation, and the offender's preferred language.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { OfferedService, Tier } from '../policy/tier-policy';
import type { Language } from '../letters/templates';
import { notificationScopeSql, offenderScopeSql, personMembersCte, SqlParams, type TieringScope } from './scope';
import { OffenderProfileEntity, type OffenderServiceReferralEntity, type ProsecutionFlagEntity, type ReferralStatus } from '../entities';

export { REFERRAL_STATUSES, type ReferralStatus } from '../entities';

export type FlagRow = ProsecutionFlagEntity & {
  /** The record the caller asked about. */
  viewedAs: string;
};

export type ReferralRow = Omit<OffenderServiceReferralEntity, 'updatedBy' | 'sentBy' | 'offenderName'>;

const REFERRAL_COLUMNS = `r.id, r.offender_id AS "offenderId", r.notification_id AS "notificationId", r.service, r.status, r.offered_at AS "offeredAt",
  r.accepted_at AS "acceptedAt", r.enrolled_at AS "enrolledAt", r.completed_at AS "completedAt", r.declined_at AS "declinedAt",
  r.provider_agency AS "providerAgency", r.sent_at AS "sentToProviderAt"`;

/** On a delivered notice: one OFFERED referral per service offered, and the offender's first notification date. */
export async function onNoticeDelivered(
  m: EntityManager,
  n: { id: string; offenderId: string; tierAtNotice: Tier; servicesOffered: readonly OfferedService[] },
  at: Date,
  by: string,
): Promise<void> {
  await m.query(
    `INSERT INTO offender_service_referral (id, offender_id, notification_id, service, status, offered_at, updated_by)
     SELECT gen_random_uuid(), $1, $2, s, 'OFFERED', $4, $5 FROM unnest($3::text[]) AS s ON CONFLICT (notification_id, service) DO NOTHING`,
    [n.offenderId, n.id, n.servicesOffered, at, by],
  );
  await m.query(
    `INSERT INTO offender_outcome (offender_id, first_notification_id, first_notified_at, tier_at_first_notice) VALUES ($1, $2, $3, $4)
     ON CONFLICT (offender_id) DO UPDATE SET first_notification_id = EXCLUDED.first_notification_id, first_notified_at = EXCLUDED.first_notified_at,
       tier_at_first_notice = EXCLUDED.tier_at_first_notice WHERE offender_outcome.first_notified_at > EXCLUDED.first_notified_at`,
    [n.offenderId, n.id, at, n.tierAtNotice],
  );
}

/** Referrals belong to the agency of the notification that made the offer: only its agency (or partnership-wide coordinators) sees and changes them. */
const REFERRAL_OWNED = (scope: TieringScope, p: SqlParams) =>
  `EXISTS (SELECT 1 FROM notification n WHERE n.id = r.notification_id AND ${notificationScopeSql(scope, p)})`;

/** Locks a referral for a status change; null when missing or another agency's. */
export async function lockReferral(m: EntityManager, id: string, scope: TieringScope): Promise<ReferralRow | null> {
  const p = new SqlParams();
  const rows = (await m.query(
    `SELECT ${REFERRAL_COLUMNS} FROM offender_service_referral r WHERE r.id = ${p.add(id)}::uuid AND ${REFERRAL_OWNED(scope, p)} FOR UPDATE OF r`,
    p.values,
  )) as ReferralRow[];
  return rows[0] ?? null;
}

export async function setReferralStatus(m: EntityManager, id: string, status: ReferralStatus, at: Date, by: string): Promise<void> {
  const column = { OFFERED: 'offered_at', ACCEPTED: 'accepted_at', ENROLLED: 'enrolled_at', COMPLETED: 'completed_at', DECLINED: 'declined_at' }[status];
  await m.query(`UPDATE offender_service_referral SET status = $2, ${column} = $3, updated_by = $4 WHERE id = $1`, [id, status, at, by]);
}

export async function setPreferredLanguage(m: EntityManager, offenderId: string, language: Language, by: string, now: Date): Promise<void> {
  await m.getRepository(OffenderProfileEntity).upsert({ offenderId, preferredLanguage: language, updatedAt: now, updatedBy: by }, ['offenderId']);
}

/**
 * Prosecution flags and referrals are criminal-justice information of the agency that owns them (the
 * assignment's, the notification's): read across the person's records, never another agency's.
 */
export class FollowupReader {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: TieringScope,
  ) {}

  flags(offenderIds: readonly string[]): Promise<FlagRow[]> {
    const p = new SqlParams();
    const cte = personMembersCte(this.scope, p, offenderIds);
    return this.ds.query(
      `WITH ${cte} SELECT mem.r AS "viewedAs", f.id, f.offender_id AS "offenderId", f.assignment_id AS "assignmentId", f.tier, f.fast_track AS "fastTrack",
         f.bond_recommendation AS "bondRecommendation", f.raised_at AS "raisedAt"
       FROM mem JOIN prosecution_flag f ON f.offender_id = mem.member JOIN tier_assignment a ON a.id = f.assignment_id
       WHERE a.agency_ori = ANY(${p.add([...this.scope.recordAgencies])}::text[]) ORDER BY mem.r, f.raised_at, f.id`,
      p.values,
    );
  }

  referrals(offenderIds: readonly string[]): Promise<(ReferralRow & { viewedAs: string })[]> {
    const p = new SqlParams();
    const cte = personMembersCte(this.scope, p, offenderIds);
    return this.ds.query(
      `WITH ${cte} SELECT mem.r AS "viewedAs", ${REFERRAL_COLUMNS} FROM mem JOIN offender_service_referral r ON r.offender_id = mem.member
       WHERE ${REFERRAL_OWNED(this.scope, p)} ORDER BY mem.r, r.offered_at, r.service`,
      p.values,
    );
  }

  referralsByIds(ids: readonly string[]): Promise<ReferralRow[]> {
    const p = new SqlParams();
    return this.ds.query(
      `SELECT ${REFERRAL_COLUMNS} FROM offender_service_referral r WHERE r.id = ANY(${p.add(ids)}::uuid[]) AND ${REFERRAL_OWNED(this.scope, p)}`,
      p.values,
    );
  }

  /** Preferred languages of the records the caller's agencies hold incidents of: another agency's record answers like a missing one (issue 9.2). */
  languages(offenderIds: readonly string[]): Promise<{ offenderId: string; language: Language }[]> {
    const p = new SqlParams();
    const ids = p.add(offenderIds);
    return this.ds.query(
      `SELECT op.offender_id AS "offenderId", op.preferred_language AS language FROM offender_profile op
       WHERE op.offender_id = ANY(${ids}::uuid[]) AND ${offenderScopeSql(this.scope, p, 'op.offender_id')}`,
      p.values,
    );
  }
}
