/**
 * The incidents referred to advocates, as tiering learns them from the incident feed (domain/advocacy-referral.ts).
 * Like victim-services' referral, a referral is never withdrawn: an amendment refreshes its police
 * agency only. Writes take the feed apply's transaction.
 */
import type { EntityManager } from 'typeorm';
import { normalizeAgency, type IncidentFeedEvent } from '@ipvi/core';

export async function recordReferral(m: EntityManager, e: IncidentFeedEvent, now: Date): Promise<void> {
  await m.query(
    `INSERT INTO referred_incident (incident_id, police_agency, referred_at) VALUES ($1, $2, $3)
     ON CONFLICT (incident_id) DO UPDATE SET police_agency = EXCLUDED.police_agency`,
    [e.incidentId, normalizeAgency(e.agencyOri), now],
  );
}

export async function refreshReferral(m: EntityManager, e: IncidentFeedEvent): Promise<void> {
  await m.query(`UPDATE referred_incident SET police_agency = $2 WHERE incident_id = $1`, [e.incidentId, normalizeAgency(e.agencyOri)]);
}

/** SQL: the offender (by its id column) has an incident referred by one of `agenciesSql`. */
export function referredOffenderSql(offenderIdSql: string, agenciesSql: string): string {
  return `EXISTS (SELECT 1 FROM offender_incident s JOIN referred_incident ri ON ri.incident_id = s.incident_id
    WHERE s.offender_id = ${offenderIdSql} AND ri.police_agency = ANY(${agenciesSql}::text[]))`;
}
