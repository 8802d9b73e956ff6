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

/** One event's referral as the statement takes it: eligible events create (or refresh) it, others refresh one recorded before. */
interface ReferralRow {
  incident_id: string;
  agency: string;
  eligible: boolean;
  referred_at: string;
  police_agency: string;
  occurred_at: string;
  offender_ids: string[];
  victims: { id: string; name: string; dob: string | null; phone: string | null }[];
}

function referralRow(e: IncidentFeedEvent, agency: string): ReferralRow {
  return {
    incident_id: e.incidentId,
    agency,
    eligible: e.isIntimatePartner && e.victimPartyIds.length > 0,
    referred_at: e.recordedAt,
    police_agency: normalizeAgency(e.agencyOri),
    occurred_at: e.occurredAt,
    offender_ids: e.offenderIds,
    victims: (e.victims ?? []).map((v) => ({ id: v.id, name: v.name, dob: v.dateOfBirth, phone: v.phone })),
  };
}

/**
 * Upserts the referral of each eligible incident, or refreshes the details of an existing one (an amended incident that
 * is no longer eligible), and the police-recorded victims of each referral, in one statement. The rows' referrals must
 * be distinct (one statement cannot write a row twice): `applyIncidentEvents` sees to it.
 */
async function writeReferrals(m: EntityManager, rows: readonly ReferralRow[]): Promise<void> {
  if (rows.length === 0) return;
  await m.query(
    `WITH ev AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(incident_id uuid, agency text, eligible boolean, referred_at timestamptz, police_agency text,
         occurred_at timestamptz, offender_ids uuid[], victims jsonb)
     ), created AS (
       INSERT INTO referral (id, incident_id, advocacy_agency, state, referred_at, police_agency, incident_occurred_at, offender_ids)
       SELECT gen_random_uuid(), incident_id, agency, 'NEW', referred_at, police_agency, occurred_at, offender_ids FROM ev WHERE eligible
       ON CONFLICT (incident_id, advocacy_agency) DO UPDATE SET police_agency = EXCLUDED.police_agency,
         incident_occurred_at = EXCLUDED.incident_occurred_at, offender_ids = EXCLUDED.offender_ids
       RETURNING id, incident_id, advocacy_agency
     ), refreshed AS (
       UPDATE referral r SET police_agency = ev.police_agency, incident_occurred_at = ev.occurred_at, offender_ids = ev.offender_ids
       FROM ev WHERE NOT ev.eligible AND r.incident_id = ev.incident_id AND r.advocacy_agency = ev.agency
       RETURNING r.id, r.incident_id, r.advocacy_agency
     ), r AS (SELECT * FROM created UNION ALL SELECT * FROM refreshed)
     INSERT INTO referred_victim (referral_id, incident_victim_id, name, date_of_birth, phone)
     SELECT r.id, v.id, v.name, v.dob, v.phone FROM r JOIN ev ON ev.incident_id = r.incident_id AND ev.agency = r.advocacy_agency
       CROSS JOIN jsonb_to_recordset(ev.victims) AS v(id uuid, name text, dob date, phone text)
     ON CONFLICT (referral_id, incident_victim_id) DO UPDATE SET name = EXCLUDED.name, date_of_birth = EXCLUDED.date_of_birth, phone = EXCLUDED.phone`,
    [JSON.stringify(rows)],
  );
}

/**
 * Applies incident events in order, as one at a time would: the events whose referral no other of them touches (their
 * order does not matter: each writes only its own referral and its victims) in one statement, then the others (an
 * incident recorded and amended within one feed page) one statement each, in order.
 */
export async function applyIncidentEvents(m: EntityManager, config: HubConfig, events: readonly IncidentFeedEvent[]): Promise<void> {
  const rows = events.flatMap((e) => {
    const agency = advocacyAgencyFor(config, e.agencyOri);
    return agency ? [referralRow(e, agency)] : [];
  });
  const key = (r: ReferralRow) => `${r.incident_id} ${r.agency}`;
  const count = new Map<string, number>();
  for (const r of rows) count.set(key(r), (count.get(key(r)) ?? 0) + 1);
  await writeReferrals(
    m,
    rows.filter((r) => count.get(key(r)) === 1),
  );
  for (const r of rows.filter((x) => count.get(key(x))! > 1)) await writeReferrals(m, [r]);
}

/** Applies one incident event (its referral, when its police agency has an advocacy agency). */
export function applyIncidentEvent(m: EntityManager, config: HubConfig, e: IncidentFeedEvent): Promise<void> {
  return applyIncidentEvents(m, config, [e]);
}

/** The consumer applies a feed page's events together (they share one transaction): the page's first event applies them all. */
export function referralConsumers(env: ConsumerEnv) {
  return [
    incidentFeedConsumer(env, 'victim-services', 'SERVICE_VICTIM_SERVICES', (m, _e, page) =>
      page.once('victim-services:referrals', () => applyIncidentEvents(m, env.config, page.events)),
    ),
  ];
}
