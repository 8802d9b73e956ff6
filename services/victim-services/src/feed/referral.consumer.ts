/**
 * Referrals from police incidents: every intimate-partner incident with a victim is referred to the
 * advocacy agency serving its police agency. Applied once per event (the shared consumer), so
 * replays and catch-up after downtime create nothing twice.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { incidentFeedConsumer, type ConsumerEnv, type HubConfig, type IncidentFeedEvent } from '@ipvi/core';

/** The advocacy agency that serves a police agency, if any. */
export function advocacyAgencyFor(config: HubConfig, policeOri: string): string | undefined {
  return Object.entries(config.partnership.advocacyAgencies).find(([, oris]) => oris.includes(policeOri))?.[0];
}

export async function applyIncidentEvent(m: EntityManager, config: HubConfig, e: IncidentFeedEvent): Promise<void> {
  if (!e.isIntimatePartner || e.victimPartyIds.length === 0) return;
  const agency = advocacyAgencyFor(config, e.agencyOri);
  if (!agency) return;
  await m.query(
    `INSERT INTO referral (id, incident_id, advocacy_agency, state, referred_at) VALUES ($1, $2, $3, 'NEW', $4)
     ON CONFLICT (incident_id, advocacy_agency) DO NOTHING`,
    [randomUUID(), e.incidentId, agency, e.recordedAt],
  );
}

export function referralConsumers(env: ConsumerEnv) {
  return [incidentFeedConsumer(env, 'victim-services', 'SERVICE_VICTIM_SERVICES', (m, e) => applyIncidentEvent(m, env.config, e))];
}
