/**
 * The incidents referred to advocates, as tiering learns them from the incident feed (domain/advocacy-referral.ts).
 * Like victim-services' referral, a referral is never withdrawn: an amendment refreshes its police
 * agency only. Writes take the feed apply's transaction.
 */
// Written by the feed apply in the ledger's statement (ledger.repository.ts recordAndSnapshot): recorded for a referred incident, its
// police agency refreshed (never withdrawn) for an amendment that is not referred.

/** SQL: the offender (by its id column) has an incident referred by one of `agenciesSql`. */
export function referredOffenderSql(offenderIdSql: string, agenciesSql: string): string {
  return `EXISTS (SELECT 1 FROM offender_incident s JOIN referred_incident ri ON ri.incident_id = s.incident_id
    WHERE s.offender_id = ${offenderIdSql} AND ri.police_agency = ANY(${agenciesSql}::text[]))`;
}
