/**
 * An incident's charges, lethality screen and prior versions. Reached only through incidents already
 * in the caller's scope (the incident was loaded within scope first).
 */
import type { DataSource } from 'typeorm';
import type { Disposition } from '../nibrs';
import { SCREEN_COLUMNS } from './incident-rows';

export interface ChargeRow {
  id: string;
  incident_id: string;
  statute: string;
  description: string;
  dv_related: boolean;
  felony: boolean;
  charged_on: string | null;
  disposition: Disposition;
  disposition_date: string | null;
}

export interface ScreenRow {
  id: string;
  incident_id: string;
  screened_at: Date;
  administered_by: string | null;
  declined: boolean;
  officer_belief: boolean;
  spoke_with_hotline: boolean | null;
  [answer: string]: unknown;
}

export interface VersionRow {
  incident_id: string;
  version: number;
  record: unknown;
  recorded_at: Date;
  superseded_at: Date;
  changed_fields: string[];
}

export class IncidentDetailsRepository {
  constructor(private readonly ds: DataSource) {}

  async charges(incidentIds: readonly string[]): Promise<ChargeRow[]> {
    return this.ds.query(
      `SELECT id, incident_id, statute, description, dv_related, felony, to_char(charged_on, 'YYYY-MM-DD') AS charged_on, disposition,
              to_char(disposition_date, 'YYYY-MM-DD') AS disposition_date
       FROM incident_charge WHERE incident_id = ANY($1::uuid[]) ORDER BY incident_id, ordinal`,
      [incidentIds],
    );
  }

  async screens(incidentIds: readonly string[]): Promise<ScreenRow[]> {
    return this.ds.query(
      `SELECT id, incident_id, screened_at, administered_by, declined, officer_belief, spoke_with_hotline, ${SCREEN_COLUMNS.join(', ')}
       FROM lethality_screen WHERE incident_id = ANY($1::uuid[])`,
      [incidentIds],
    );
  }

  /** Prior versions, newest first. */
  async versions(incidentIds: readonly string[]): Promise<VersionRow[]> {
    return this.ds.query(
      `SELECT incident_id, version, record, recorded_at, superseded_at, changed_fields FROM incident_version
       WHERE incident_id = ANY($1::uuid[]) ORDER BY incident_id, version DESC`,
      [incidentIds],
    );
  }
}
