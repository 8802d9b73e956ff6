/**
 * Deterministic demo data for the victim-services database; idempotent (stable ids, inserts that
 * skip existing rows). The referrals of the most recent demo incidents, as the feed would create
 * them, and a few clients with outreach, a safety plan, a service referral, a danger assessment and,
 * for the first, a consent releasing contact details to the demo police agency. Synthetic people
 * only. Rows are the entities (one per table).
 */
import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { DEMO_EPOCH, DEMO_POLICE_ORI, demoHistory, demoUuid, type DemoIncident, type HubConfig, type Logger } from '@ipvi/core';
import { scoreDangerAssessment } from './domain/danger-assessment';
import {
  ClientEntity,
  ConsentEntity,
  DangerAssessmentEntity,
  OutreachAttemptEntity,
  ReferralEntity,
  ReferredVictimEntity,
  SafetyPlanEntity,
  ServiceReferralEntity,
  type ServiceKind,
} from './entities';
import { advocacyAgencyFor } from './feed/referral.consumer';

const CLIENTS = 6;
const DAY = 86_400_000;
const at = (days: number) => new Date(DEMO_EPOCH.getTime() + days * DAY);

/** Inserts rows, skipping those whose key exists. */
async function insertNew<E extends ObjectLiteral>(m: EntityManager, entity: EntityTarget<E>, rows: E[]): Promise<void> {
  if (rows.length) await m.createQueryBuilder().insert().into(entity).values(rows).orIgnore().execute();
}

async function seedReferral(m: EntityManager, agency: string, incident: DemoIncident, n: number): Promise<string> {
  const id = demoUuid('referral', n);
  await insertNew(m, ReferralEntity, [
    {
      id,
      incidentId: incident.id,
      advocacyAgency: agency,
      state: 'NEW',
      referredAt: incident.occurredAt,
      firstContactAt: null,
      policeAgency: incident.agencyOri,
      incidentOccurredAt: incident.occurredAt,
      offenderIds: [incident.offenderId],
    },
  ]);
  await insertNew(
    m,
    ReferredVictimEntity,
    incident.victims.map((v) => ({ referralId: id, incidentVictimId: v.id, name: v.name, dateOfBirth: v.dateOfBirth, phone: null })),
  );
  return id;
}

async function seedClient(m: EntityManager, agency: string, incident: DemoIncident, referralId: string, n: number): Promise<void> {
  const victim = incident.victims[0]!;
  const clientId = demoUuid('client', n);
  const opened = new Date(incident.occurredAt.getTime() + DAY);
  if (await m.getRepository(ClientEntity).existsBy({ id: clientId })) return; // seeded before
  await m.getRepository(ClientEntity).insert({
    id: clientId,
    advocacyAgency: agency,
    referralId,
    incidentVictimId: victim.id,
    assignedAdvocate: 'demo-advocate',
    name: victim.name,
    dateOfBirth: victim.dateOfBirth,
    preferredLanguage: n % 3 === 0 ? 'ES' : 'EN',
    safeToContact: true,
    contactMethods: [
      { channel: 'SMS', value: `+1-336-555-01${String(n).padStart(2, '0')}`, safeToLeaveMessage: false, instructions: 'texts only, weekdays 9-12' },
    ],
    address: n % 2 ? `${100 + n} Demo Street, High Point` : null,
    shelter: n % 2 ? null : 'Demo Safe House',
    children: [],
    createdAt: opened,
    updatedAt: opened,
  });
  const reachedAt = new Date(opened.getTime() - DAY / 2);
  const attempt = { referralId, notes: null, recordedBy: 'demo-advocate' };
  await m.getRepository(OutreachAttemptEntity).insert([
    {
      ...attempt,
      id: demoUuid('outreach', 2 * n),
      attemptedAt: new Date(reachedAt.getTime() - 3600_000),
      recordedAt: new Date(reachedAt.getTime() - 3600_000),
      channel: 'PHONE',
      reached: false,
      outcome: 'NO_ANSWER',
    },
    {
      ...attempt,
      id: demoUuid('outreach', 2 * n + 1),
      attemptedAt: reachedAt,
      recordedAt: reachedAt,
      channel: 'SMS',
      reached: true,
      outcome: 'REACHED_ACCEPTED_SERVICES',
    },
  ]);
  await m.getRepository(ReferralEntity).update({ id: referralId }, { state: 'CONTACTED', firstContactAt: reachedAt });
  await m.getRepository(SafetyPlanEntity).insert({
    id: demoUuid('safety-plan', n),
    clientId,
    version: 1,
    createdBy: 'demo-advocate',
    createdAt: opened,
    plan: {
      warningSigns: ['drinking on weekends'],
      safePlaces: ['sister'],
      emergencyContacts: ['911', 'agency hotline'],
      itemsToTake: ['IDs', 'medication'],
      childrenPlan: null,
      notes: null,
    },
  });
  const kinds: ServiceKind[] = ['SHELTER', 'LEGAL', 'COUNSELLING', 'HOUSING'];
  await m.getRepository(ServiceReferralEntity).insert({
    id: demoUuid('service-referral', n),
    clientId,
    kind: kinds[n % 4]!,
    provider: 'Demo provider',
    status: 'REFERRED',
    notes: null,
    createdBy: 'demo-advocate',
    createdAt: opened,
    updatedAt: opened,
  });
  const answers = Array.from({ length: 20 }, (_, i) => (i * 7 + n) % 5 === 0);
  const { score, band } = scoreDangerAssessment(answers, false);
  await m.getRepository(DangerAssessmentEntity).insert({
    id: demoUuid('danger-assessment', n),
    clientId,
    answers,
    neverLivedTogether: false,
    score,
    band,
    administeredAt: opened,
    administeredBy: 'demo-advocate',
  });
  if (n !== 1) return;
  await m.getRepository(ConsentEntity).insert({
    id: demoUuid('consent', n),
    clientId,
    recipientAgency: DEMO_POLICE_ORI,
    purpose: 'Follow-up contact by the DV unit',
    dataClasses: ['CONTACT_DETAILS'],
    signedAt: at(-30),
    expiresAt: at(300),
    revokedAt: null,
    revokedBy: null,
    signerName: victim.name,
    guardianName: null,
    documentRef: 'demo/consent-0001.pdf',
    recordedBy: 'demo-advocate',
    recordedAt: at(-30),
  });
}

export async function seed(ds: DataSource, { log, config }: { log: Logger; config: HubConfig }): Promise<void> {
  const agency = advocacyAgencyFor(config, DEMO_POLICE_ORI);
  if (!agency) return;
  const referred = demoHistory()
    .incidents.filter((i) => i.isIntimatePartner && i.victims.length > 0)
    .slice(-CLIENTS);
  await ds.transaction(async (m) => {
    for (const [k, incident] of referred.entries()) {
      const referralId = await seedReferral(m, agency, incident, k + 1);
      await seedClient(m, agency, incident, referralId, k + 1);
    }
  });
  log.info('seeded demo clients', { clients: referred.length });
}
