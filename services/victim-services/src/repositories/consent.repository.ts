/** Consents to release, scoped through their client to the caller's agency. Queries only. */
import { uuidsOnly } from '@ipvi/core';
import { ConsentEntity } from '../entities';
import { inClientScope, type Db, type RepoEnv } from './scope';

export class ConsentRepository {
  constructor(private readonly env: RepoEnv) {}

  /** Consents of these clients, newest first. */
  byClientIds(clientIds: readonly string[]): Promise<ConsentEntity[]> {
    const qb = this.env.ds.manager.getRepository(ConsentEntity).createQueryBuilder('x');
    return inClientScope(qb, 'x', this.env)
      .andWhere('x.clientId = ANY(:ids)', { ids: uuidsOnly(clientIds) })
      .orderBy('x.clientId')
      .addOrderBy('x.signedAt', 'DESC')
      .addOrderBy('x.id')
      .getMany();
  }

  /** The consent if the caller may see it, locked inside `db`; null otherwise. */
  lockVisible(db: Db, id: string): Promise<ConsentEntity | null> {
    const qb = db.getRepository(ConsentEntity).createQueryBuilder('x');
    return inClientScope(qb, 'x', this.env)
      .andWhere('x.id = ANY(:ids)', { ids: uuidsOnly([id]) })
      .setLock('pessimistic_write', undefined, ['x'])
      .getOne();
  }

  async insert(db: Db, consent: ConsentEntity): Promise<ConsentEntity> {
    await db.getRepository(ConsentEntity).insert(consent);
    return consent;
  }

  async update(db: Db, id: string, changes: Partial<Pick<ConsentEntity, 'revokedAt' | 'revokedBy'>>): Promise<ConsentEntity> {
    await db.getRepository(ConsentEntity).update({ id }, changes);
    return db.getRepository(ConsentEntity).findOneByOrFail({ id });
  }
}
