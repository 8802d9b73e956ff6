/**
 * Referrals from police incidents: every intimate-partner incident with a victim is referred to the
 * advocacy agency serving its police agency, carrying the police-recorded victim details that may
 * flow to advocates (law-enforcement-generated information, 34 U.S.C. 12291(b)(2)(D)). Applied once
 * per event by the shared consumer, so replays and catch-up after downtime create nothing twice;
 * the statements are upserts as well, so even a re-applied event changes nothing. An amendment
 * refreshes the referral's details (and creates it if the incident became eligible); a referral is
 * never deleted, because advocates may already be working with the victim.
 */
import type { EntityManager } from 'typeorm';
import { incidentFeedConsumer, normalizeAgency, type ConsumerEnv, type HubConfig, type IncidentFeedEvent } from '@ipvi/core';

/** The advocacy agency that serves a police agency, if any. */
export function advocacyAgencyFor(config: HubConfig, policeOri: string): string | undefined {
  const ori = normalizeAgency(policeOri);
  return Object.entries(config.partnership.advocacyAgencies).find(([, oris]) => oris.includes(ori))?.[0];
}

/**
 * Upserts the referral of an eligible incident, or refreshes the details of an existing one (an
 * amended incident that is no longer eligible), returning its id. Gives the SQL and its parameters.
 */
function referralStatement(e: IncidentFeedEvent, agency: string): { sql: string; params: unknown[] } {
  const details = [normalizeAgency(e.agencyOri), e.occurredAt, e.offenderIds];
  if (e.isIntimatePartner && e.victimPartyIds.length > 0) {
    return {
      sql: `INSERT INTO referral (id, incident_id, advocacy_agency, state, referred_at, police_agency, incident_occurred_at, offender_ids)
            VALUES (gen_random_uuid(), $1, $2, 'NEW', $3, $4, $5, $6::uuid[])
            ON CONFLICT (incident_id, advocacy_agency) DO UPDATE SET police_agency = EXCLUDED.police_agency,
              incident_occurred_at = EXCLUDED.incident_occurred_at, offender_ids = EXCLUDED.offender_ids
            RETURNING id`,
      params: [e.incidentId, agency, e.recordedAt, ...details],
    };
  }
  return {
    sql: `UPDATE referral SET police_agency = $3, incident_occurred_at = $4, offender_ids = $5::uuid[] WHERE incident_id = $1 AND advocacy_agency = $2 RETURNING id`,
    params: [e.incidentId, agency, ...details],
  };
}

export async function applyIncidentEvent(m: EntityManager, config: HubConfig, e: IncidentFeedEvent): Promise<void> {
  const agency = advocacyAgencyFor(config, e.agencyOri);
  if (!agency) return;
  const victims = e.victims ?? [];
  const referral = referralStatement(e, agency);
  const n = referral.params.length;
  await m.query(
    `WITH r AS (${referral.sql})
     INSERT INTO referred_victim (referral_id, incident_victim_id, name, date_of_birth, phone)
     SELECT r.id, v.id, v.name, v.dob, v.phone FROM r CROSS JOIN unnest($${n + 1}::uuid[], $${n + 2}::text[], $${n + 3}::date[], $${n + 4}::text[]) AS v(id, name, dob, phone)
     ON CONFLICT (referral_id, incident_victim_id) DO UPDATE SET name = EXCLUDED.name, date_of_birth = EXCLUDED.date_of_birth, phone = EXCLUDED.phone`,
    [...referral.params, victims.map((v) => v.id), victims.map((v) => v.name), victims.map((v) => v.dateOfBirth), victims.map((v) => v.phone)],
  );
}

export function referralConsumers(env: ConsumerEnv) {
  return [incidentFeedConsumer(env, 'victim-services', 'SERVICE_VICTIM_SERVICES', (m, e) => applyIncidentEvent(m, env.config, e))];
}
