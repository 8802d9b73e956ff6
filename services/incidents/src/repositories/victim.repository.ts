/** Police-recorded victim parties. Reached only through incidents already in the caller's scope. */
import type { DataSource } from 'typeorm';

export interface VictimRow {
  id: string;
  incident_id: string;
  name: string;
  date_of_birth: string | null;
  phone: string | null;
  address: string | null;
  injury_code: string | null;
}

export class VictimRepository {
  constructor(private readonly ds: DataSource) {}

  async byIncidentIds(incidentIds: readonly string[]): Promise<VictimRow[]> {
    return this.ds.query(
      `SELECT id, incident_id, name, to_char(date_of_birth, 'YYYY-MM-DD') AS date_of_birth, phone, address, injury_code
       FROM incident_victim WHERE incident_id = ANY($1::uuid[]) ORDER BY incident_id, ordinal`,
      [incidentIds],
    );
  }
}
