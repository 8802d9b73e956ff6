/** Incidents as the ledger holds them, for letters (the conduct named) and for who recorded them: agency, dates and offense codes only. */
import type { DataSource } from 'typeorm';
import type { OffenderIncidentEntity } from '../entities';

export type LedgerIncidentRow = Pick<OffenderIncidentEntity, 'incidentId' | 'agencyOri' | 'occurredAt' | 'offenseCodes'>;

export class LedgerReader {
  constructor(private readonly ds: DataSource) {}

  byIncidentIds(ids: readonly string[]): Promise<LedgerIncidentRow[]> {
    return this.ds.query(
      `SELECT DISTINCT ON (incident_id) incident_id AS "incidentId", agency_ori AS "agencyOri", occurred_at AS "occurredAt", offense_codes AS "offenseCodes"
       FROM offender_incident WHERE incident_id = ANY($1::uuid[]) ORDER BY incident_id, updated_at DESC`,
      [ids],
    );
  }
}
