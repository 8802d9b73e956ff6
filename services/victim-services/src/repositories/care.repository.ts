/**
 * The records an advocate keeps about a client (safety plans, service referrals, danger
 * assessments), each read through the client's scope. Queries only.
 */
import { uuidsOnly } from '@ipvi/core';
import { DangerAssessmentEntity, SafetyPlanEntity, ServiceReferralEntity } from '../entities';
import { inClientScope, type Db, type RepoEnv } from './scope';

export class CareRepository {
  constructor(private readonly env: RepoEnv) {}

  /** Every version of the plans of these clients, newest first. */
  safetyPlanHistory(clientIds: readonly string[]): Promise<SafetyPlanEntity[]> {
    const qb = this.env.ds.manager.getRepository(SafetyPlanEntity).createQueryBuilder('x');
    return inClientScope(qb, 'x', this.env)
      .andWhere('x.clientId = ANY(:ids)', { ids: uuidsOnly(clientIds) })
      .orderBy('x.clientId')
      .addOrderBy('x.version', 'DESC')
      .getMany();
  }

  /** The latest version of each client's plan. */
  currentSafetyPlans(clientIds: readonly string[]): Promise<SafetyPlanEntity[]> {
    const qb = this.env.ds.manager.getRepository(SafetyPlanEntity).createQueryBuilder('x');
    return inClientScope(qb, 'x', this.env)
      .andWhere('x.clientId = ANY(:ids)', { ids: uuidsOnly(clientIds) })
      .distinctOn(['x.clientId'])
      .orderBy('x.clientId')
      .addOrderBy('x.version', 'DESC')
      .getMany();
  }

  /** The latest saved version number of a client's plan (0: none). */
  async safetyPlanVersion(db: Db, clientId: string): Promise<number> {
    const row = await db
      .getRepository(SafetyPlanEntity)
      .createQueryBuilder('x')
      .select('coalesce(max(x.version), 0)::int', 'current')
      .where('x.clientId = :clientId', { clientId })
      .getRawOne<{ current: number }>();
    return row?.current ?? 0;
  }

  async insertSafetyPlan(db: Db, plan: SafetyPlanEntity): Promise<SafetyPlanEntity> {
    await db.getRepository(SafetyPlanEntity).insert(plan);
    return plan;
  }

  serviceReferrals(clientIds: readonly string[]): Promise<ServiceReferralEntity[]> {
    const qb = this.env.ds.manager.getRepository(ServiceReferralEntity).createQueryBuilder('x');
    return inClientScope(qb, 'x', this.env)
      .andWhere('x.clientId = ANY(:ids)', { ids: uuidsOnly(clientIds) })
      .orderBy('x.clientId')
      .addOrderBy('x.createdAt')
      .addOrderBy('x.id')
      .getMany();
  }

  /** The service referral if the caller may see it, locked inside `db`; null otherwise. */
  lockServiceReferral(db: Db, id: string): Promise<ServiceReferralEntity | null> {
    const qb = db.getRepository(ServiceReferralEntity).createQueryBuilder('x');
    return inClientScope(qb, 'x', this.env)
      .andWhere('x.id = ANY(:ids)', { ids: uuidsOnly([id]) })
      .setLock('pessimistic_write', undefined, ['x'])
      .getOne();
  }

  async insertServiceReferral(db: Db, row: ServiceReferralEntity): Promise<ServiceReferralEntity> {
    await db.getRepository(ServiceReferralEntity).insert(row);
    return row;
  }

  async updateServiceReferral(
    db: Db,
    id: string,
    changes: Partial<Pick<ServiceReferralEntity, 'status' | 'provider' | 'notes' | 'updatedAt'>>,
  ): Promise<ServiceReferralEntity> {
    await db.getRepository(ServiceReferralEntity).update({ id }, changes);
    return db.getRepository(ServiceReferralEntity).findOneByOrFail({ id });
  }

  /** Assessments of these clients, newest first. */
  dangerAssessments(clientIds: readonly string[]): Promise<DangerAssessmentEntity[]> {
    const qb = this.env.ds.manager.getRepository(DangerAssessmentEntity).createQueryBuilder('x');
    return inClientScope(qb, 'x', this.env)
      .andWhere('x.clientId = ANY(:ids)', { ids: uuidsOnly(clientIds) })
      .orderBy('x.clientId')
      .addOrderBy('x.administeredAt', 'DESC')
      .addOrderBy('x.id')
      .getMany();
  }

  async insertDangerAssessment(db: Db, row: DangerAssessmentEntity): Promise<DangerAssessmentEntity> {
    await db.getRepository(DangerAssessmentEntity).insert(row);
    return row;
  }
}
