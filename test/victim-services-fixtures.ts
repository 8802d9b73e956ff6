/** Helpers of the victim-services integration tests: the agencies, and the GraphQL documents and steps the tests share. */
import { ok, type TestHub } from './harness/hub';
import type { RecordedIncident } from './fixtures/incidents';

export const OTHER_ADVOCACY = 'ADV-OTHER-01';
export const OTHER_POLICE = 'NC0999900';
/** Two advocacy agencies, each serving its own police agency. */
export const TWO_AGENCIES_ENV = {
  ADVOCACY_AGENCIES: `ADV-FSP-01=NC0410200;${OTHER_ADVOCACY}=${OTHER_POLICE}`,
  POLICE_AGENCIES: `NC0410200,${OTHER_POLICE},NC0000001`,
};

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
  return ok(res)
    .referrals.edges.map((e) => e.node)
    .find((n) => n.incident.id === incidentId);
}

export const CREATE_CLIENT = `mutation($input: CreateClientInput!) { createClient(input: $input) { client { id name dateOfBirth incidentVictimId } } }`;

/**
 * The agency's referral of a recorded incident, once victim-services' feed reader has caught up (tiering's readers are left
 * alone: applying the incident there, and polling its three readers through the gateway, is nothing a referral needs); fails
 * when there is none.
 */
export async function referralOf(t: TestHub, incident: RecordedIncident): Promise<ReferralNode> {
  await t.drainFeeds('victim-services');
  const referral = await referralFor(t, incident.incidentId);
  if (!referral) throw new Error('no referral for the incident');
  return referral;
}

/** Opens a client from the referral of a recorded incident's first victim. */
export async function clientFromIncident(t: TestHub, incident: RecordedIncident, extra: Record<string, unknown> = {}): Promise<string> {
  const referral = await referralOf(t, incident);
  const res = await t.query<{ createClient: { client: { id: string } } }>('ADVOCATE', CREATE_CLIENT, {
    input: { referralId: referral.id, incidentVictimId: incident.victimPartyIds[0], name: 'Vera T.', ...extra },
  });
  return ok(res).createClient.client.id;
}

export const RECORD_CONSENT = `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { consent { id active expiresAt agency recipientAgency dataClasses } } }`;

/** Input of a consent to release `dataClasses` to `agency` for `days`. */
export function consentInput(clientId: string, overrides: Record<string, unknown> = {}, days = 30): Record<string, unknown> {
  const signedAt = new Date(Date.now() - 60_000);
  return {
    clientId,
    agency: 'NC0410200',
    purpose: 'follow-up contact by the DV unit',
    dataClasses: ['CONTACT_DETAILS'],
    signedAt: signedAt.toISOString(),
    expiresAt: new Date(signedAt.getTime() + days * 86_400_000).toISOString(),
    signerName: 'Vera T.',
    documentRef: 'consent-forms/2026/0001.pdf',
    ...overrides,
  };
}

export async function recordConsent(t: TestHub, input: Record<string, unknown>): Promise<string> {
  return ok(await t.query<{ recordConsent: { consent: { id: string } } }>('ADVOCATE', RECORD_CONSENT, { input })).recordConsent.consent.id;
}
