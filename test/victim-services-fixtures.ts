/**
 * Helpers of the victim-services integration tests: police incidents written the way the incidents
 * subgraph writes them (rows + outbox event in one transaction, until recordIncident lands), and
 * the GraphQL documents the tests share.
 */
import { randomUUID } from 'node:crypto';
import { IncidentEventRepository } from '@ipvi/incidents/src/repositories/event.repository';
import type { GraphQLResponse, TestHub } from './harness/hub';

export const OTHER_ADVOCACY = 'ADV-OTHER-01';
export const OTHER_POLICE = 'NC0999900';
/** Two advocacy agencies, each serving its own police agency. */
export const TWO_AGENCIES_ENV = { ADVOCACY_AGENCIES: `ADV-FSP-01=NC0410200;${OTHER_ADVOCACY}=${OTHER_POLICE}`, POLICE_AGENCIES: `NC0410200,${OTHER_POLICE}` };

export interface RecordedIncident {
  incidentId: string;
  offenderId: string;
  victimIds: string[];
}

export interface IncidentSpec {
  agencyOri?: string;
  intimatePartner?: boolean;
  victims?: { name: string; dateOfBirth?: string | null }[];
}

let rms = 0;

/** Records an incident (offender, victims) and its INCIDENT_RECORDED event in the incidents database. */
export async function recordIncident(t: TestHub, spec: IncidentSpec = {}): Promise<RecordedIncident> {
  const ds = t.hub.services.incidents.dataSource;
  const incidentId = randomUUID();
  const offenderId = randomUUID();
  const victims = (spec.victims ?? [{ name: 'Vera Testperson', dateOfBirth: '1990-04-02' }]).map((v) => ({ ...v, id: randomUUID() }));
  const ip = spec.intimatePartner ?? true;
  await ds.transaction(async (m) => {
    await m.query('INSERT INTO offender (id, name, date_of_birth) VALUES ($1, $2, $3)', [offenderId, 'Otto Testoffender', '1985-01-01']);
    await m.query(
      `INSERT INTO incident (id, agency_ori, rms_number, occurred_at, offense_codes, relationship_code, is_intimate_partner, arrest_made, narrative)
       VALUES ($1, $2, $3, now() - interval '1 hour', '{13B}', $4, $5, false, 'test narrative')`,
      [incidentId, spec.agencyOri ?? 'NC0410200', `VS${process.pid}-${++rms}-${incidentId.slice(0, 8)}`, ip ? 'BG' : 'PA', ip],
    );
    await m.query('INSERT INTO incident_offender (incident_id, offender_id) VALUES ($1, $2)', [incidentId, offenderId]);
    for (const v of victims) {
      await m.query('INSERT INTO incident_victim (id, incident_id, name, date_of_birth) VALUES ($1, $2, $3, $4)', [v.id, incidentId, v.name, v.dateOfBirth ?? null]);
    }
    await IncidentEventRepository.append(m, 'INCIDENT_RECORDED', [incidentId]);
  });
  return { incidentId, offenderId, victimIds: victims.map((v) => v.id) };
}

/** Fails with the response's errors when it has any (so a broken setup step names its cause). */
export function ok<T>(res: GraphQLResponse<T>): T {
  if (res.errors?.length || !res.data) throw new Error(`unexpected errors: ${JSON.stringify(res.errors)}`);
  return res.data;
}

export const REFERRALS = `query($first: Int, $after: String, $filter: ReferralFilter) {
  referrals(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id state referredAt firstContactAt incident { id } offenders { id } victims { incidentVictimId name dateOfBirth } } }
  }
}`;

export interface ReferralNode {
  id: string;
  state: string;
  referredAt: string;
  firstContactAt: string | null;
  incident: { id: string };
  offenders: { id: string }[];
  victims: { incidentVictimId: string; name: string; dateOfBirth: string | null }[];
}

/** The agency's referral for an incident, found through the referrals list. */
export async function referralFor(t: TestHub, incidentId: string, agency?: string): Promise<ReferralNode | undefined> {
  const res = await t.query<{ referrals: { edges: { node: ReferralNode }[] } }>('ADVOCATE', REFERRALS, { first: 100 }, { agency });
  return ok(res).referrals.edges.map((e) => e.node).find((n) => n.incident.id === incidentId);
}

export const CREATE_CLIENT = `mutation($input: CreateClientInput!) { createClient(input: $input) { client { id name dateOfBirth incidentVictimId } } }`;

/** Opens a client from the referral of a recorded incident's first victim. */
export async function clientFromIncident(t: TestHub, incident: RecordedIncident, extra: Record<string, unknown> = {}): Promise<string> {
  await t.drainFeeds();
  const referral = await referralFor(t, incident.incidentId);
  if (!referral) throw new Error('no referral for the incident');
  const res = await t.query<{ createClient: { client: { id: string } } }>('ADVOCATE', CREATE_CLIENT, {
    input: { referralId: referral.id, incidentVictimId: incident.victimIds[0], name: 'Vera T.', ...extra },
  });
  return ok(res).createClient.client.id;
}

export const RECORD_CONSENT = `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { consent { id active expiresAt recipientAgency dataClasses } } }`;

/** Input of a consent to release `dataClasses` to `recipientAgency` for `days`. */
export function consentInput(clientId: string, overrides: Record<string, unknown> = {}, days = 30): Record<string, unknown> {
  const signedAt = new Date(Date.now() - 60_000);
  return {
    clientId, recipientAgency: 'NC0410200', purpose: 'follow-up contact by the DV unit', dataClasses: ['CONTACT_DETAILS'],
    signedAt: signedAt.toISOString(), expiresAt: new Date(signedAt.getTime() + days * 86_400_000).toISOString(),
    signerName: 'Vera T.', documentRef: 'consent-forms/2026/0001.pdf', ...overrides,
  };
}

export async function recordConsent(t: TestHub, input: Record<string, unknown>): Promise<string> {
  return ok(await t.query<{ recordConsent: { consent: { id: string } } }>('ADVOCATE', RECORD_CONSENT, { input })).recordConsent.consent.id;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
