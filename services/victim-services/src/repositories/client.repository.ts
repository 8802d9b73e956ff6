/** Clients: the advocates' own victim records, scoped to the caller's agency in every statement. Queries only. */
import { uuidsOnly } from '@ipvi/core';
import { ClientEntity } from '../entities';
import { visibleAgencies, type Db, type InstantIdKey, type RepoEnv } from './scope';

export class ClientRepository {
  constructor(private readonly env: RepoEnv) {}

  private select(db: Db = this.env.ds.manager) {
    return db
      .getRepository(ClientEntity)
      .createQueryBuilder('c')
      .where('c.advocacyAgency = ANY(:agencies)', { agencies: visibleAgencies(this.env.principal, this.env.config) });
  }

  byIds(ids: readonly string[]): Promise<ClientEntity[]> {
    return this.select()
      .andWhere('c.id = ANY(:ids)', { ids: uuidsOnly(ids) })
      .getMany();
  }

  byReferralIds(ids: readonly string[]): Promise<ClientEntity[]> {
    return this.select()
      .andWhere('c.referralId = ANY(:ids)', { ids: uuidsOnly(ids) })
      .orderBy('c.createdAt')
      .addOrderBy('c.id')
      .getMany();
  }

  /** The client if the caller may see it, locked inside the transaction `db`; null for a missing one or another agency's. */
  lockVisible(db: Db, id: string): Promise<ClientEntity | null> {
    return this.select(db)
      .andWhere('c.id = ANY(:ids)', { ids: uuidsOnly([id]) })
      .setLock('pessimistic_write')
      .getOne();
  }

  /** The caller's agency's clients (optionally one advocate's), newest first: a page after `after`, and the count of all. */
  /** A page after `after` (newest first); `preceding` counts the matching clients at or before it (0 without `after`). */
  async page(q: { assignedTo?: string }, limit: number, after: InstantIdKey | undefined): Promise<{ rows: ClientEntity[]; total: number; preceding: number }> {
    const qb = this.select();
    if (q.assignedTo) qb.andWhere('c.assignedAdvocate = :assignedTo', { assignedTo: q.assignedTo });
    const total = await qb.clone().getCount();
    const cursor = after ? { afterAt: after[0], afterId: after[1] } : undefined;
    const preceding = cursor
      ? await qb.clone().andWhere('(c.createdAt, c.id) >= (CAST(:afterAt AS timestamptz), CAST(:afterId AS uuid))', cursor).getCount()
      : 0;
    if (cursor) qb.andWhere('(c.createdAt, c.id) < (CAST(:afterAt AS timestamptz), CAST(:afterId AS uuid))', cursor);
    const rows = await qb
      .orderBy('c.createdAt', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(limit + 1)
      .getMany();
    return { rows, total, preceding };
  }

  async insert(db: Db, client: ClientEntity): Promise<ClientEntity> {
    await db.getRepository(ClientEntity).insert(client);
    return db.getRepository(ClientEntity).findOneByOrFail({ id: client.id });
  }

  async update(db: Db, id: string, changes: Partial<Omit<ClientEntity, 'id' | 'advocacyAgency'>>): Promise<ClientEntity> {
    await db.getRepository(ClientEntity).update({ id }, changes);
    return db.getRepository(ClientEntity).findOneByOrFail({ id });
  }
}
