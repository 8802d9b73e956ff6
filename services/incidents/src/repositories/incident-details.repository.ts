/**
 * An incident's charges, lethality screen and prior versions. Reached only through incidents already
 * in the caller's scope (the incident was loaded within scope first).
 */
import type { DataSource } from 'typeorm';
import { IncidentChargeEntity, IncidentVersionEntity, LethalityScreenEntity } from '../entities';
import { columns } from './columns';

/** A charge as the graph reads it: the whole row. */
export type ChargeRow = IncidentChargeEntity;
/** A lethality screen as the graph reads it: the whole row. */
export type ScreenRow = LethalityScreenEntity;
/** A prior version of an incident: the whole row. */
export type VersionRow = IncidentVersionEntity;

export class IncidentDetailsRepository {
  constructor(private readonly ds: DataSource) {}

  async charges(incidentIds: readonly string[]): Promise<ChargeRow[]> {
    return this.ds.query(
      `SELECT ${columns(IncidentChargeEntity, 'c')} FROM incident_charge c WHERE c.incident_id = ANY($1::uuid[]) ORDER BY c.incident_id, c.ordinal`,
      [incidentIds],
    );
  }

  async screens(incidentIds: readonly string[]): Promise<ScreenRow[]> {
    return this.ds.query(`SELECT ${columns(LethalityScreenEntity, 's')} FROM lethality_screen s WHERE s.incident_id = ANY($1::uuid[])`, [incidentIds]);
  }

  /** Prior versions, newest first. */
  async versions(incidentIds: readonly string[]): Promise<VersionRow[]> {
    return this.ds.query(
      `SELECT ${columns(IncidentVersionEntity, 'v')} FROM incident_version v WHERE v.incident_id = ANY($1::uuid[]) ORDER BY v.incident_id, v.version DESC`,
      [incidentIds],
    );
  }
}
