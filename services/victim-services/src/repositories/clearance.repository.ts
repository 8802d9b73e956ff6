/**
 * The advocates' confidential record of a victim-first clearance (one per notification and advocacy
 * agency, readable only by that agency) and the clearance outbox tiering reads. Queries only.
 */
import { uuidsOnly } from '@ipvi/core';
import { AdvocateClearanceEntity, ClearanceEventEntity } from '../entities';
import { visibleAgencies, type Db, type RepoEnv } from './scope';

/** Held to commit while appending: events become visible in `seq` order, so a cursor never skips one. */
const OUTBOX_LOCK = 74110003;

export class ClearanceRepository {
  constructor(private readonly env: RepoEnv) {}

  /** The caller's agency's clearances of these notifications (none for anyone outside an advocacy agency). */
  byNotificationIds(ids: readonly string[], db: Db = this.env.ds.manager): Promise<AdvocateClearanceEntity[]> {
    return db
      .getRepository(AdvocateClearanceEntity)
      .createQueryBuilder('c')
      .where('c.notificationId = ANY(:ids)', { ids: uuidsOnly(ids) })
      .andWhere('c.advocacyAgency = ANY(:agencies)', { agencies: visibleAgencies(this.env.principal, this.env.config) })
      .getMany();
  }

  /** Inserts unless the agency already cleared the notification; whether it inserted. */
  async insertIfNew(db: Db, row: AdvocateClearanceEntity): Promise<boolean> {
    const res = await db.createQueryBuilder().insert().into(AdvocateClearanceEntity).values(row).orIgnore().returning('notification_id').execute();
    return (res.raw as unknown[]).length > 0;
  }

  /** Appends an outbox event inside the transaction `db` (under the outbox lock, so `seq` commits in order). */
  async appendEvent(db: Db, event: Pick<ClearanceEventEntity, 'id' | 'type' | 'notificationId' | 'advocacyAgency' | 'clearedAt'>): Promise<void> {
    await db.query('SELECT pg_advisory_xact_lock($1)', [OUTBOX_LOCK]);
    await db.getRepository(ClearanceEventEntity).insert(event);
  }

  /** The events after `afterSeq`, oldest first, and how many follow it in all. */
  /** The events after `afterSeq`, oldest first; `preceding` is whether any event has a seq at or before it. */
  async events(afterSeq: string, limit: number): Promise<{ rows: ClearanceEventEntity[]; total: number; preceding: boolean }> {
    const qb = this.env.ds.manager.getRepository(ClearanceEventEntity).createQueryBuilder('e').where('e.seq > :after', { after: afterSeq });
    const total = await qb.clone().getCount();
    const rows = await qb
      .orderBy('e.seq')
      .limit(limit + 1)
      .getMany();
    const preceding =
      afterSeq !== '0' &&
      (await this.env.ds.manager
        .getRepository(ClearanceEventEntity)
        .createQueryBuilder('e')
        .where('e.seq <= :after', { after: afterSeq })
        .limit(1)
        .getCount()) > 0;
    return { rows, total, preceding };
  }
}
