/** Police-recorded victim parties. Reached only through incidents already in the caller's scope. */
import type { DataSource } from 'typeorm';
import { IncidentVictimEntity } from '../entities';
import { columns } from './columns';

/** A victim party as the graph reads it: the whole row. */
export type VictimRow = IncidentVictimEntity;

export class VictimRepository {
  constructor(private readonly ds: DataSource) {}

  async byIncidentIds(incidentIds: readonly string[]): Promise<VictimRow[]> {
    return this.ds.query(
      `SELECT ${columns(IncidentVictimEntity, 'v')} FROM incident_victim v WHERE v.incident_id = ANY($1::uuid[]) ORDER BY v.incident_id, v.ordinal`,
      [incidentIds],
    );
  }
}
