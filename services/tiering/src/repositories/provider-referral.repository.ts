/**
 * Referrals as the offender-services provider they were sent to sees them (issue 14.3), and the
 * writes of sending one. Queries only. Row scope: a provider reads the referrals whose provider_agency
 * is its own id (the policy's `providerReferral` scope OWN_AGENCY); any other principal reads none here
 * (police and prosecutors read referrals on the notification that made the offer).
 */
import type { DataSource, EntityManager } from 'typeorm';
import { connectionOf, rowScope, type Connection, type Principal } from '@ipvi/core';
import { OffenderServiceReferralEntity, type NotificationEntity } from '../entities';
import type { OfferedService } from '../policy/tier-policy';
import type { ReferralStatus } from './followup.repository';
import { SqlParams } from './scope';

/** A referral as its provider reads it (COLUMNS): a sent one, so its name snapshot and sending time are set. */
export type ProviderReferralRow = Pick<
  OffenderServiceReferralEntity,
  'id' | 'service' | 'status' | 'offeredAt' | 'acceptedAt' | 'enrolledAt' | 'completedAt' | 'declinedAt'
> & {
  offenderName: NonNullable<OffenderServiceReferralEntity['offenderName']>;
  /** sent_at (the entity's sentToProviderAt). */
  sentAt: NonNullable<OffenderServiceReferralEntity['sentToProviderAt']>;
};

export interface ProviderReferralQuery {
  readonly limit: number;
  /** Keyset to continue after: [sentAt ISO, id]. */
  readonly after: readonly [string, string] | undefined;
  readonly statuses: readonly ReferralStatus[] | null;
  readonly services: readonly OfferedService[] | null;
}

const COLUMNS = `r.id, r.offender_name AS "offenderName", r.service, r.status, r.offered_at AS "offeredAt", r.sent_at AS "sentAt",
  r.accepted_at AS "acceptedAt", r.enrolled_at AS "enrolledAt", r.completed_at AS "completedAt", r.declined_at AS "declinedAt"`;

/** The provider id whose referrals the principal sees, or null when it sees none. */
export function providerOf(principal: Principal): string | null {
  return rowScope(principal.roles, 'providerReferral') === 'OWN_AGENCY' ? principal.agency : null;
}

export class ProviderReferralReader {
  constructor(
    private readonly ds: DataSource,
    private readonly principal: Principal,
  ) {}

  /** The caller's referrals, most recently sent first. */
  async page(q: ProviderReferralQuery): Promise<Connection<ProviderReferralRow & { sentKey: string }>> {
    const provider = providerOf(this.principal);
    if (provider === null) return connectionOf([], q.limit, 0, () => []);
    const p = new SqlParams();
    const where = [`r.provider_agency = ${p.add(provider)}`];
    if (q.statuses) where.push(`r.status = ANY(${p.add(q.statuses)}::text[])`);
    if (q.services) where.push(`r.service = ANY(${p.add(q.services)}::text[])`);
    const filtered = where.join(' AND ');
    const cond = q.after ? `(r.sent_at, r.id) < (${p.add(q.after[0])}::timestamptz, ${p.add(q.after[1])}::uuid)` : undefined;
    const after = cond ? ` AND ${cond}` : '';
    const rows = (await this.ds.query(
      `SELECT ${COLUMNS}, to_char(r.sent_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "sentKey"
       FROM offender_service_referral r WHERE ${filtered}${after} ORDER BY r.sent_at DESC, r.id DESC LIMIT ${q.limit + 1}`,
      p.values,
    )) as (ProviderReferralRow & { sentKey: string })[];
    // preceding: referrals (as filtered) at or before the cursor, so hasPreviousPage is exact.
    const [{ n, preceding }] = (await this.ds.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE ${cond ? `NOT ${cond}` : 'false'})::int AS preceding FROM offender_service_referral r WHERE ${filtered}`,
      p.values,
    )) as [{ n: number; preceding: number }];
    return connectionOf(rows, q.limit, n, (r) => [r.sentKey, r.id], preceding);
  }
}

/** Locks a referral sent to `provider` for a status change; null when missing or another provider's (alike). */
export async function lockProviderReferral(m: EntityManager, id: string, provider: string): Promise<ProviderReferralRow | null> {
  const rows = (await m.query(`SELECT ${COLUMNS} FROM offender_service_referral r WHERE r.id = $1::uuid AND r.provider_agency = $2 FOR UPDATE OF r`, [
    id,
    provider,
  ])) as ProviderReferralRow[];
  return rows[0] ?? null;
}

/** One referral as the provider sees it (after a write), by id and provider. */
export async function providerReferral(db: DataSource | EntityManager, id: string, provider: string): Promise<ProviderReferralRow | null> {
  const rows = (await db.query(`SELECT ${COLUMNS} FROM offender_service_referral r WHERE r.id = $1::uuid AND r.provider_agency = $2`, [
    id,
    provider,
  ])) as ProviderReferralRow[];
  return rows[0] ?? null;
}

/** What sending needs to know of a referral the caller's agencies own: its notification's site, and whether it was sent. */
export type SendableReferral = Pick<OffenderServiceReferralEntity, 'id' | 'offenderId' | 'service' | 'status' | 'providerAgency'> &
  Pick<NotificationEntity, 'agencyOri'>;

/** The referral's site (its notification's agency) and sending state, locked; the caller checks ownership first. */
export async function lockForSending(m: EntityManager, id: string): Promise<SendableReferral | null> {
  const rows = (await m.query(
    `SELECT r.id, r.offender_id AS "offenderId", r.service, r.status, n.agency_ori AS "agencyOri", r.provider_agency AS "providerAgency"
     FROM offender_service_referral r JOIN notification n ON n.id = r.notification_id WHERE r.id = $1::uuid FOR UPDATE OF r`,
    [id],
  )) as SendableReferral[];
  return rows[0] ?? null;
}

/** Records that the referral went to a provider, with the name snapshot it carries. */
export async function markSent(m: EntityManager, id: string, sent: { provider: string; at: Date; by: string; offenderName: string }): Promise<void> {
  await m.update(
    OffenderServiceReferralEntity,
    { id },
    { providerAgency: sent.provider, sentToProviderAt: sent.at, sentBy: sent.by, offenderName: sent.offenderName },
  );
}
