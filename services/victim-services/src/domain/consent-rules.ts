/**
 * The rules a consent must meet (VAWA, 34 U.S.C. 12291(b)(2)): informed, written (a document),
 * reasonably time-limited (an expiry no later than the site maximum), naming one recipient agency
 * of the partnership (never everyone), and co-signed by a parent or guardian when the client is a
 * minor. Every broken rule of an input is reported at once.
 */
import { z } from 'zod';
import { Problems, TEXT, ageOn, agency, futureInstant, id, list, normalizeAgency, pastInstant, requiredText, optionalText, type HubConfig } from '@ipvi/core';
import { CONSENT_DATA_CLASSES, type ConsentDataClass, type ConsentEntity } from '../entities';
import type { RecordConsentInput } from '../generated/resolvers';

export type ConsentInput = RecordConsentInput;

/** Words and patterns that would name more than one agency. */
const WILDCARDS = new Set(['ALL', 'ANY', 'EVERYONE', 'EVERYBODY', 'PUBLIC', 'ALL_AGENCIES', 'ANY_AGENCY', 'ALL-AGENCIES', 'PARTNERSHIP', 'NONE']);
const DAY_MS = 24 * 3600 * 1000;
export const ADULT_AGE = 18;

export interface ValidConsent {
  clientId: string;
  recipientAgency: string;
  purpose: string;
  dataClasses: ConsentDataClass[];
  signedAt: Date;
  expiresAt: Date;
  signerName: string;
  guardianName: string | null;
  documentRef: string;
}

/** One agency of the partnership: never a wildcard or a word for everyone (said as such), else a configured agency. */
function recipientAgency(config: HubConfig) {
  return z
    .string()
    .refine(
      (raw) => {
        const a = normalizeAgency(raw);
        return !WILDCARDS.has(a) && !/[*%?,;\s]/.test(a) && a !== '';
      },
      { message: 'must name exactly one agency, never everyone', abort: true },
    )
    .pipe(agency(config));
}

function consentSchema(now: Date) {
  return z.object({
    clientId: id(),
    purpose: requiredText(TEXT.short),
    dataClasses: list(z.enum(CONSENT_DATA_CLASSES), CONSENT_DATA_CLASSES.length * 4).refine((xs) => xs.length > 0, 'must name at least one data class'),
    signedAt: pastInstant(now),
    expiresAt: futureInstant(now),
    signerName: requiredText(TEXT.name),
    guardianName: optionalText(TEXT.name),
    documentRef: requiredText(TEXT.short),
  });
}

/**
 * Checks a consent input against every rule that needs no stored record, into `p`; the valid
 * consent, or undefined when a rule is broken. `clientDateOfBirth` (undefined: not known yet) adds
 * the minor's-guardian rule.
 */
export function checkConsent(
  p: Problems,
  input: ConsentInput,
  clientDateOfBirth: string | null | undefined,
  now: Date,
  config: HubConfig,
): ValidConsent | undefined {
  const maxDays = config.victimServices.consentMaxDays;
  // `agency` replaces the deprecated `recipientAgency`: one of them, or both naming the same agency.
  const given = input.agency ?? input.recipientAgency;
  const agencyProblems = new Problems(input.agency === undefined || input.agency === null ? 'input.recipientAgency' : 'input.agency');
  const recipient = given === undefined || given === null ? undefined : agencyProblems.parse(recipientAgency(config), given);
  if (given === undefined || given === null) p.add('input.agency', 'is required');
  for (const x of agencyProblems.all) p.add(x.field, x.reason);
  if (input.agency && input.recipientAgency && normalizeAgency(input.agency) !== normalizeAgency(input.recipientAgency)) {
    p.add('input.recipientAgency', 'must be left out or name the same agency as agency');
  }
  const v = p.parse(consentSchema(now), input);
  const { signedAt, expiresAt } = input;
  p.check(expiresAt.getTime() > signedAt.getTime(), 'input.expiresAt', 'must be after signedAt');
  p.check(expiresAt.getTime() <= signedAt.getTime() + maxDays * DAY_MS, 'input.expiresAt', `must be at most ${maxDays} days after signedAt`);
  if (clientDateOfBirth === null) p.add('input.clientId', "record the client's date of birth first: a minor's consent needs a parent or guardian");
  const guardian = typeof input.guardianName === 'string' && input.guardianName.trim() !== '';
  if (clientDateOfBirth)
    p.check(ageOn(clientDateOfBirth, signedAt) >= ADULT_AGE || guardian, 'input.guardianName', 'is required: the client is under 18 at signing');
  if (!v || recipient === undefined || p.any) return undefined;
  return { ...v, recipientAgency: recipient, dataClasses: [...new Set(v.dataClasses)], guardianName: v.guardianName ?? null };
}

/** Validates a consent for a client with a known (or unknown: null) date of birth, at `now`, throwing every problem at once. */
export function validateConsent(input: ConsentInput, clientDateOfBirth: string | null, now: Date, config: HubConfig): ValidConsent {
  const p = new Problems();
  return p.done(checkConsent(p, input, clientDateOfBirth, now, config));
}

/** Whether a consent releases data at `now`: signed, not expired, not revoked. */
export function isActive(k: Pick<ConsentEntity, 'signedAt' | 'expiresAt' | 'revokedAt'>, now: Date): boolean {
  return k.revokedAt === null && k.signedAt.getTime() <= now.getTime() && k.expiresAt.getTime() > now.getTime();
}
