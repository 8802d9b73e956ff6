/** Helpers for the tiering tests: record incidents straight into the incidents database (with the outbox), and SQL on tiering's. */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DEMO_POLICE_ORI, type IncidentFeedEvent } from '@ipvi/core';
import { IncidentEventRepository } from '@ipvi/incidents/src/repositories/event.repository';
import type { TestHub } from './harness/hub';

export interface IncidentSpec {
  offenderId?: string;
  /** A new offender with this name (and a fixed date of birth). */
  newOffender?: string;
  rms?: string;
  occurredAt: Date;
  ip?: boolean;
  relationshipCode?: string;
  arrest?: boolean;
  offenseCodes?: string[];
  agencyOri?: string;
  victims?: string[];
}

let rmsSeq = 0;

/** Writes an incident and its IncidentRecorded event in one transaction, as the incidents subgraph does. */
export async function recordIncident(t: TestHub, s: IncidentSpec): Promise<{ incidentId: string; offenderId: string; rms: string }> {
  const incidentId = randomUUID();
  const offenderId = s.offenderId ?? randomUUID();
  const rms = s.rms ?? `TT${Date.now() % 1_000_000}${String(++rmsSeq).padStart(4, '0')}`;
  const ip = s.ip ?? true;
  await t.hub.services.incidents.dataSource.transaction(async (m) => {
    if (!s.offenderId) await m.query(`INSERT INTO offender (id, name, date_of_birth) VALUES ($1, $2, '1990-04-12')`, [offenderId, s.newOffender ?? 'Test Offender']);
    await m.query(
      `INSERT INTO incident (id, agency_ori, rms_number, occurred_at, offense_codes, relationship_code, is_intimate_partner, arrest_made, narrative)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'Test narrative.')`,
      [incidentId, s.agencyOri ?? DEMO_POLICE_ORI, rms, s.occurredAt, s.offenseCodes ?? ['13B'], s.relationshipCode ?? (ip ? 'BG' : 'PA'), ip, s.arrest ?? false],
    );
    await m.query(`INSERT INTO incident_offender (incident_id, offender_id) VALUES ($1, $2)`, [incidentId, offenderId]);
    for (const name of s.victims ?? []) await m.query(`INSERT INTO incident_victim (id, incident_id, name) VALUES ($1, $2, $3)`, [randomUUID(), incidentId, name]);
    await IncidentEventRepository.append(m, 'INCIDENT_RECORDED', [incidentId]);
  });
  return { incidentId, offenderId, rms };
}

/** A feed event as the incidents feed would carry it (for applying directly, without the incidents database). */
export function feedEvent(offenderId: string, over: Partial<IncidentFeedEvent> & { occurredAt: string }): IncidentFeedEvent {
  const incidentId = over.incidentId ?? randomUUID();
  return {
    id: randomUUID(),
    type: 'INCIDENT_RECORDED',
    recordedAt: new Date().toISOString(),
    incidentId,
    agencyOri: DEMO_POLICE_ORI,
    rmsNumber: `EV${incidentId.slice(0, 8)}`,
    offenderIds: [offenderId],
    victimPartyIds: [],
    isIntimatePartner: true,
    relationshipCode: 'BG',
    arrestMade: false,
    offenseCodes: ['13B'],
    protectiveOrderViolation: false,
    weaponInvolved: false,
    charges: [],
    ...over,
  };
}

export async function tieringSql<T = Record<string, unknown>>(t: TestHub, text: string, params: unknown[] = []): Promise<T[]> {
  const c = new Client({ connectionString: t.databaseUrls.tiering });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}

export const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000);

/** Applies every pending feed event in tiering's consumer only (victim-services' referrals are not needed here). */
export async function drainTiering(t: TestHub): Promise<number> {
  let n = 0;
  for (const c of t.hub.services.tiering.consumers) n += await c.drain();
  return n;
}
