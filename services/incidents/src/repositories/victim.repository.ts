/** Police-recorded victim parties, through TypeORM's query builder. Reached only through incidents already in the caller's scope. */
import type { DataSource } from 'typeorm';
import { IncidentVictimEntity } from '../entities';

/** A victim party as the graph reads it: the whole row. */
export type VictimRow = IncidentVictimEntity;

export class VictimRepository {
  constructor(private readonly ds: DataSource) {}

  byIncidentIds(incidentIds: readonly string[]): Promise<VictimRow[]> {
    return this.ds
      .getRepository(IncidentVictimEntity)
      .createQueryBuilder('v')
      .where('v.incidentId = ANY(:ids)', { ids: incidentIds })
      .orderBy('v.incidentId')
      .addOrderBy('v.ordinal')
      .getMany();
  }
}
