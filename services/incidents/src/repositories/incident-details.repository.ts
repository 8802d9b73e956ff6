/**
 * An incident's charges, lethality screen and prior versions, through TypeORM's query builder.
 * Reached only through incidents already in the caller's scope (the incident was loaded within scope first).
 */
import type { DataSource } from 'typeorm';
import { IncidentChargeEntity, IncidentVersionEntity, LethalityScreenEntity } from '../entities';

/** A charge as the graph reads it: the whole row. */
export type ChargeRow = IncidentChargeEntity;
/** A lethality screen as the graph reads it: the whole row. */
export type ScreenRow = LethalityScreenEntity;
/** A prior version of an incident: the whole row. */
export type VersionRow = IncidentVersionEntity;

export class IncidentDetailsRepository {
  constructor(private readonly ds: DataSource) {}

  charges(incidentIds: readonly string[]): Promise<ChargeRow[]> {
    return this.ds
      .getRepository(IncidentChargeEntity)
      .createQueryBuilder('c')
      .where('c.incidentId = ANY(:ids)', { ids: incidentIds })
      .orderBy('c.incidentId')
      .addOrderBy('c.ordinal')
      .getMany();
  }

  screens(incidentIds: readonly string[]): Promise<ScreenRow[]> {
    return this.ds.getRepository(LethalityScreenEntity).createQueryBuilder('s').where('s.incidentId = ANY(:ids)', { ids: incidentIds }).getMany();
  }

  /** Prior versions, newest first. */
  versions(incidentIds: readonly string[]): Promise<VersionRow[]> {
    return this.ds
      .getRepository(IncidentVersionEntity)
      .createQueryBuilder('v')
      .where('v.incidentId = ANY(:ids)', { ids: incidentIds })
      .orderBy('v.incidentId')
      .addOrderBy('v.version', 'DESC')
      .getMany();
  }
}
