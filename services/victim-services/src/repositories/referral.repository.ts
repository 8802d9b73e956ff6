/** Referrals, scoped to the caller's advocacy agency: nobody outside it learns a referral exists. Queries only. */
import { uuidsOnly } from '@ipvi/core';
import { OutreachAttemptEntity, ReferralEntity, ReferredVictimEntity, type ReferralState } from '../entities';
import { visibleAgencies, type Db, type InstantIdKey, type RepoEnv } from './scope';

export interface ReferralQuery {
  readonly states?: readonly ReferralState[];
  /** Only open referrals without contact, referred at or before this instant. */
  readonly noContactSince?: Date;
  readonly policeAgency?: string;
}

export class ReferralRepository {
  constructor(private readonly env: RepoEnv) {}

  private select(db: Db = this.env.ds.manager) {
    return db
      .getRepository(ReferralEntity)
      .createQueryBuilder('r')
      .where('r.advocacyAgency = ANY(:agencies)', { agencies: visibleAgencies(this.env.principal, this.env.config) });
  }

  byIds(ids: readonly string[]): Promise<ReferralEntity[]> {
    return this.select()
      .andWhere('r.id = ANY(:ids)', { ids: uuidsOnly(ids) })
      .getMany();
  }

  byIncidentIds(incidentIds: readonly string[]): Promise<ReferralEntity[]> {
    return this.select()
      .andWhere('r.incidentId = ANY(:ids)', { ids: uuidsOnly(incidentIds) })
      .getMany();
  }

  victimsByReferralIds(ids: readonly string[]): Promise<ReferredVictimEntity[]> {
    return this.env.ds.manager
      .getRepository(ReferredVictimEntity)
      .createQueryBuilder('v')
      .innerJoin(ReferralEntity, 'r', 'r.id = v.referralId')
      .where('v.referralId = ANY(:ids)', { ids: uuidsOnly(ids) })
      .andWhere('r.advocacyAgency = ANY(:agencies)', { agencies: visibleAgencies(this.env.principal, this.env.config) })
      .orderBy('v.referralId')
      .addOrderBy('v.incidentVictimId')
      .getMany();
  }

  /** The police-recorded victim party of a referral of the caller's own agency (optionally of one referral), latest referral first. */
  victimOfOwnReferral(db: Db, incidentVictimId: string, referralId: string | undefined): Promise<ReferredVictimEntity | null> {
    const qb = db
      .getRepository(ReferredVictimEntity)
      .createQueryBuilder('v')
      .innerJoin(ReferralEntity, 'r', 'r.id = v.referralId')
      .where('v.incidentVictimId = ANY(:ids)', { ids: uuidsOnly([incidentVictimId]) })
      .andWhere('r.advocacyAgency = :agency', { agency: this.env.principal.agency });
    if (referralId) qb.andWhere('r.id = :referralId', { referralId });
    return qb.orderBy('r.referredAt', 'DESC').limit(1).getOne();
  }

  /** The referral if the caller may see it, locked for update inside the transaction `db`; null for a missing one or another agency's. */
  lockVisible(db: Db, id: string): Promise<ReferralEntity | null> {
    return this.select(db)
      .andWhere('r.id = ANY(:ids)', { ids: uuidsOnly([id]) })
      .setLock('pessimistic_write')
      .getOne();
  }

  async update(db: Db, id: string, changes: Partial<Pick<ReferralEntity, 'state' | 'firstContactAt'>>): Promise<ReferralEntity> {
    await db.getRepository(ReferralEntity).update({ id }, changes);
    return db.getRepository(ReferralEntity).findOneByOrFail({ id });
  }

  /** The caller's agency's referrals matching `q`, newest first: a page after `after`, and the count of all. */
  /** A page after `after` (newest first); `preceding` counts the matching referrals at or before it (0 without `after`). */
  async page(q: ReferralQuery, limit: number, after: InstantIdKey | undefined): Promise<{ rows: ReferralEntity[]; total: number; preceding: number }> {
    const qb = this.select();
    if (q.states?.length) qb.andWhere('r.state = ANY(:states)', { states: q.states });
    if (q.policeAgency) qb.andWhere('r.policeAgency = :policeAgency', { policeAgency: q.policeAgency });
    if (q.noContactSince) {
      qb.andWhere("r.firstContactAt IS NULL AND r.state <> 'CLOSED' AND r.referredAt <= :since", { since: q.noContactSince });
    }
    const total = await qb.clone().getCount();
    const cursor = after ? { afterAt: after[0], afterId: after[1] } : undefined;
    const preceding = cursor
      ? await qb.clone().andWhere('(r.referredAt, r.id) >= (CAST(:afterAt AS timestamptz), CAST(:afterId AS uuid))', cursor).getCount()
      : 0;
    if (cursor) qb.andWhere('(r.referredAt, r.id) < (CAST(:afterAt AS timestamptz), CAST(:afterId AS uuid))', cursor);
    const rows = await qb
      .orderBy('r.referredAt', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .limit(limit + 1)
      .getMany();
    return { rows, total, preceding };
  }

  /** Outreach attempts of these referrals (of the caller's scope), oldest first. */
  attemptsByReferralIds(ids: readonly string[]): Promise<OutreachAttemptEntity[]> {
    return this.env.ds.manager
      .getRepository(OutreachAttemptEntity)
      .createQueryBuilder('a')
      .innerJoin(ReferralEntity, 'r', 'r.id = a.referralId')
      .where('a.referralId = ANY(:ids)', { ids: uuidsOnly(ids) })
      .andWhere('r.advocacyAgency = ANY(:agencies)', { agencies: visibleAgencies(this.env.principal, this.env.config) })
      .orderBy('a.referralId')
      .addOrderBy('a.attemptedAt')
      .addOrderBy('a.id')
      .getMany();
  }

  async insertAttempt(db: Db, attempt: OutreachAttemptEntity): Promise<OutreachAttemptEntity> {
    await db.getRepository(OutreachAttemptEntity).insert(attempt);
    return attempt;
  }
}
