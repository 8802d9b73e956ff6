/**
 * The rules a consent must meet (VAWA, 34 U.S.C. 12291(b)(2)): informed, written (a document),
 * reasonably time-limited (an expiry no later than the site maximum), naming one recipient agency
 * (never everyone), and co-signed by a parent or guardian when the client is a minor.
 */
import { InputError, agencyKind, normalizeAgency, type HubConfig } from '@ipvi/core';
import { ageOn, notInFuture, requiredText, text } from './input';

export const CONSENT_DATA_CLASSES = ['CONTACT_DETAILS', 'DANGER_ASSESSMENT', 'SERVICES_SUMMARY'] as const;
export type ConsentDataClass = (typeof CONSENT_DATA_CLASSES)[number];

/** Words and patterns that would name more than one agency. */
const WILDCARDS = new Set(['ALL', 'ANY', 'EVERYONE', 'EVERYBODY', 'PUBLIC', 'ALL_AGENCIES', 'ANY_AGENCY', 'ALL-AGENCIES', 'PARTNERSHIP', 'NONE']);
const AGENCY_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/;
const DAY_MS = 24 * 3600 * 1000;
export const ADULT_AGE = 18;

export interface ConsentInput {
  clientId: string;
  recipientAgency: string;
  purpose: string;
  dataClasses: readonly ConsentDataClass[];
  signedAt: Date;
  expiresAt: Date;
  signerName: string;
  guardianName?: string | null;
  documentRef: string;
}

export interface ValidConsent {
  recipientAgency: string;
  purpose: string;
  dataClasses: ConsentDataClass[];
  signedAt: Date;
  expiresAt: Date;
  signerName: string;
  guardianName: string | null;
  documentRef: string;
}

/**
 * One agency of the partnership, normalised (trimmed, upper case): never a wildcard or a word for
 * everyone, never an agency the site has not configured (a police recipient is a configured police
 * agency). The message never echoes the value.
 */
export function recipientAgencyOf(raw: string, config: HubConfig): string {
  const agency = normalizeAgency(raw);
  if (WILDCARDS.has(agency) || /[*%?,;\s]/.test(agency)) throw new InputError('input.recipientAgency', 'must name exactly one agency, never everyone');
  if (!AGENCY_RE.test(agency)) throw new InputError('input.recipientAgency', 'must be an agency id such as a police ORI');
  if (!agencyKind(config, agency)) throw new InputError('input.recipientAgency', 'is not an agency of the partnership (see POLICE_AGENCIES and ADVOCACY_AGENCIES)');
  return agency;
}

/** Validates a consent for a client with a known (or unknown) date of birth, at `now`. */
export function validateConsent(input: ConsentInput, clientDateOfBirth: string | null, now: Date, config: HubConfig): ValidConsent {
  const maxDays = config.victimServices.consentMaxDays;
  const recipientAgency = recipientAgencyOf(input.recipientAgency, config);
  const purpose = requiredText('input.purpose', input.purpose, 500);
  const dataClasses = [...new Set(input.dataClasses)];
  if (dataClasses.length === 0) throw new InputError('input.dataClasses', 'must name at least one data class');
  const signedAt = notInFuture('input.signedAt', input.signedAt, now);
  const { expiresAt } = input;
  if (expiresAt.getTime() <= signedAt.getTime()) throw new InputError('input.expiresAt', 'must be after signedAt');
  if (expiresAt.getTime() <= now.getTime()) throw new InputError('input.expiresAt', 'must be in the future');
  if (expiresAt.getTime() > signedAt.getTime() + maxDays * DAY_MS) throw new InputError('input.expiresAt', `must be at most ${maxDays} days after signedAt`);
  const signerName = requiredText('input.signerName', input.signerName, 200);
  const guardianName = text('input.guardianName', input.guardianName ?? null, 200);
  const documentRef = requiredText('input.documentRef', input.documentRef, 500);
  if (clientDateOfBirth === null) throw new InputError('input.clientId', "record the client's date of birth first: a minor's consent needs a parent or guardian");
  if (ageOn(clientDateOfBirth, signedAt) < ADULT_AGE && !guardianName) throw new InputError('input.guardianName', 'is required: the client is under 18 at signing');
  return { recipientAgency, purpose, dataClasses, signedAt, expiresAt, signerName, guardianName, documentRef };
}
