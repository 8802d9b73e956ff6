/**
 * Deterministic demo data for the victim-services database; idempotent (stable ids, ON CONFLICT DO
 * NOTHING). The referrals of the most recent demo incidents, as the feed would create them, and a
 * few clients with outreach, a safety plan, a service referral, a danger assessment and, for the
 * first, a consent releasing contact details to the demo police agency. Synthetic people only.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { DEMO_EPOCH, DEMO_POLICE_ORI, demoHistory, demoUuid, type DemoIncident, type HubConfig, type Logger } from '@ipvi/core';
import { scoreDangerAssessment } from './domain/danger-assessment';
import { advocacyAgencyFor } from './feed/referral.consumer';

const CLIENTS = 6;
const DAY = 86_400_000;
const at = (days: number) => new Date(DEMO_EPOCH.getTime() + days * DAY);

async function seedReferral(m: EntityManager, agency: string, incident: DemoIncident, n: number): Promise<string> {
  const id = demoUuid('referral', n);
  await m.query(
    `INSERT INTO referral (id, incident_id, advocacy_agency, state, referred_at, police_agency, incident_occurred_at, offender_ids)
     VALUES ($1, $2, $3, 'NEW', $4, $5, $4, $6::uuid[]) ON CONFLICT DO NOTHING`,
    [id, incident.id, agency, incident.occurredAt, incident.agencyOri, [incident.offenderId]],
  );
  for (const v of incident.victims) {
    await m.query(`INSERT INTO referred_victim (referral_id, incident_victim_id, name, date_of_birth) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [id, v.id, v.name, v.dateOfBirth]);
  }
  return id;
}

async function seedClient(m: EntityManager, agency: string, incident: DemoIncident, referralId: string, n: number): Promise<void> {
  const victim = incident.victims[0]!;
  const clientId = demoUuid('client', n);
  const opened = new Date(incident.occurredAt.getTime() + DAY);
  const contact = [{ channel: 'SMS', value: `+1-336-555-01${String(n).padStart(2, '0')}`, safeToLeaveMessage: false, instructions: 'texts only, weekdays 9-12' }];
  const inserted = (await m.query(
    `INSERT INTO client (id, advocacy_agency, referral_id, incident_victim_id, assigned_advocate, name, date_of_birth, preferred_language, safe_to_contact,
       contact_methods, address, shelter, children, created_at, updated_at)
     VALUES ($1, $2, $3, $4, 'demo-advocate', $5, $6, $7, true, $8, $9, $10, '[]', $11, $11) ON CONFLICT DO NOTHING RETURNING id`,
    [clientId, agency, referralId, victim.id, victim.name, victim.dateOfBirth, n % 3 === 0 ? 'ES' : 'EN', JSON.stringify(contact),
      n % 2 ? `${100 + n} Demo Street, High Point` : null, n % 2 ? null : 'Demo Safe House', opened],
  )) as unknown[];
  if (inserted.length === 0) return; // seeded before
  const reachedAt = new Date(opened.getTime() - DAY / 2);
  await m.query(
    `INSERT INTO outreach_attempt (id, referral_id, attempted_at, channel, reached, outcome, recorded_by, recorded_at)
     VALUES ($1, $3, $4, 'PHONE', false, 'NO_ANSWER', 'demo-advocate', $4), ($2, $3, $5, 'SMS', true, 'REACHED_ACCEPTED_SERVICES', 'demo-advocate', $5)`,
    [demoUuid('outreach', 2 * n), demoUuid('outreach', 2 * n + 1), referralId, new Date(reachedAt.getTime() - 3600_000), reachedAt],
  );
  await m.query(`UPDATE referral SET state = 'CONTACTED', first_contact_at = $2 WHERE id = $1`, [referralId, reachedAt]);
  const plan = { warningSigns: ['drinking on weekends'], safePlaces: ['sister'], emergencyContacts: ['911', 'agency hotline'], itemsToTake: ['IDs', 'medication'], childrenPlan: null, notes: null };
  await m.query(`INSERT INTO safety_plan (id, client_id, version, plan, created_by, created_at) VALUES ($1, $2, 1, $3, 'demo-advocate', $4)`, [demoUuid('safety-plan', n), clientId, JSON.stringify(plan), opened]);
  await m.query(
    `INSERT INTO service_referral (id, client_id, kind, provider, status, created_by, created_at, updated_at) VALUES ($1, $2, $3, 'Demo provider', 'REFERRED', 'demo-advocate', $4, $4)`,
    [demoUuid('service-referral', n), clientId, ['SHELTER', 'LEGAL', 'COUNSELLING', 'HOUSING'][n % 4], opened],
  );
  const answers = Array.from({ length: 20 }, (_, i) => (i * 7 + n) % 5 === 0);
  const { score, band } = scoreDangerAssessment(answers, false);
  await m.query(
    `INSERT INTO danger_assessment (id, client_id, answers, never_lived_together, score, band, administered_at, administered_by) VALUES ($1, $2, $3, false, $4, $5, $6, 'demo-advocate')`,
    [demoUuid('danger-assessment', n), clientId, answers, score, band, opened],
  );
  if (n !== 1) return;
  await m.query(
    `INSERT INTO consent (id, client_id, recipient_agency, purpose, data_classes, signed_at, expires_at, signer_name, document_ref, recorded_by, recorded_at)
     VALUES ($1, $2, $3, 'Follow-up contact by the DV unit', '{CONTACT_DETAILS}', $4, $5, $6, 'demo/consent-0001.pdf', 'demo-advocate', $4)`,
    [demoUuid('consent', n), clientId, DEMO_POLICE_ORI, at(-30), at(300), victim.name],
  );
}

export async function seed(ds: DataSource, { log, config }: { log: Logger; config: HubConfig }): Promise<void> {
  const agency = advocacyAgencyFor(config, DEMO_POLICE_ORI);
  if (!agency) return;
  const referred = demoHistory().incidents.filter((i) => i.isIntimatePartner && i.victims.length > 0).slice(-CLIENTS);
  await ds.transaction(async (m) => {
    for (const [k, incident] of referred.entries()) {
      const referralId = await seedReferral(m, agency, incident, k + 1);
      await seedClient(m, agency, incident, referralId, k + 1);
    }
  });
  log.info('seeded demo clients', { clients: referred.length });
}
