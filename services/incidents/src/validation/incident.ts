/**
 * The one validator of an incident input, used by the GraphQL mutations and the records import:
 * NIBRS codes, real dates (no 2026-02-30, nothing in the future), the relationship code a crime
 * against a person requires, the ORI format, and the protective-order rules. Problems name the input
 * path (`input.offenses[1]`); a valid input becomes a normalized draft.
 */
import { CLOCK_SKEW_MS } from '@ipvi/core';
import type { ChargeDraft, IncidentDraft, OffenseDraft, ScreenDraft } from '../model/incident-record';
import {
  ALWAYS_COMPLETED,
  CRIMES_AGAINST_PERSONS,
  INJURIES,
  isProtectiveOrderStatute,
  OFFENSES,
  PROTECTIVE_ORDER_OFFENSE,
  PROTECTIVE_ORDER_STATUTE,
  RELATIONSHIP_CODES,
  WEAPONS,
} from '../nibrs';
import { code, join, Problems, type Reader } from './fields';
import { agencyOri, begin, result, type Validated, type ValidationOptions } from './input';
import { chargeDraft, offenderDraft, screenDraft, victimDraft } from './parties';

const RMS_NUMBER = /^[A-Za-z0-9][A-Za-z0-9_./-]{0,39}$/;

function offensesOf(p: Problems, raw: unknown[], path: string): OffenseDraft[] {
  const codes: string[] = [];
  raw.forEach((v, i) => {
    const c = code(p, v, join(path, `offenses[${i}]`), OFFENSES, 'NIBRS offense code', true);
    if (c === null) return;
    if (codes.includes(c)) p.add(join(path, `offenses[${i}]`), 'is listed twice');
    else codes.push(c);
  });
  return codes.map((c) => ({ code: c, attempted: false }));
}

function markAttempted(p: Problems, offenses: OffenseDraft[], raw: unknown[], path: string): OffenseDraft[] {
  const attempted = new Set<string>();
  raw.forEach((v, i) => {
    const field = join(path, `attemptedOffenses[${i}]`);
    const c = code(p, v, field, OFFENSES, 'NIBRS offense code', true);
    if (c === null) return;
    if (!offenses.some((o) => o.code === c)) p.add(field, 'must also be listed in offenses');
    else if (ALWAYS_COMPLETED.has(c)) p.add(field, `${c} is always reported as completed (an attempted murder is a 13A)`);
    else attempted.add(c);
  });
  return offenses.map((o) => ({ code: o.code, attempted: attempted.has(o.code) }));
}

/** The offenses (with attempted flags), and the relationship code that a crime against a person requires. */
function offensesAndRelationship(r: Reader, path: string): { offenses: OffenseDraft[]; relationshipCode: string | null } {
  const p = r.p;
  const listed = offensesOf(p, r.list('offenses', { required: true, max: 10 }) ?? [], path);
  if (Array.isArray(r.o.offenses) && r.o.offenses.length === 0) p.add(r.field('offenses'), 'must list at least one NIBRS offense code');
  const offenses = markAttempted(p, listed, r.list('attemptedOffenses', { max: 10 }) ?? [], path);
  const againstPerson = offenses.find((o) => CRIMES_AGAINST_PERSONS.has(o.code));
  const relationshipCode = r.code('relationshipCode', RELATIONSHIP_CODES, 'NIBRS relationship code (DE 35)');
  if (againstPerson && relationshipCode === null && r.text('relationshipCode') === null) {
    p.add(r.field('relationshipCode'), `is required for a crime against a person (${againstPerson.code})`);
  }
  return { offenses, relationshipCode };
}

/** A G.S. 50B-4.1 charge or a violated order number needs the NIBRS code of a protective-order violation (90Z). */
function checkProtectiveOrderCoding(
  r: Reader,
  path: string,
  offenses: readonly OffenseDraft[],
  charges: readonly (ChargeDraft | null)[],
  orderNumber: string | null,
): void {
  if (offenses.some((o) => o.code === PROTECTIVE_ORDER_OFFENSE)) return;
  charges.forEach((c, i) => {
    if (c && isProtectiveOrderStatute(c.statute)) {
      r.p.add(
        join(path, `charges[${i}].statute`),
        `a protective-order violation (G.S. ${PROTECTIVE_ORDER_STATUTE}) is coded NIBRS ${PROTECTIVE_ORDER_OFFENSE}: add it to offenses`,
      );
    }
  });
  if (orderNumber !== null)
    r.p.add(r.field('violatedProtectiveOrderNumber'), `a protective-order violation is coded NIBRS ${PROTECTIVE_ORDER_OFFENSE}: add it to offenses`);
}

export function validateIncident(input: unknown, opts: ValidationOptions): Validated<IncidentDraft> {
  const path = opts.path ?? 'input';
  const { p, r, notAfter } = begin(input, opts);
  if (!r) return { value: null, problems: p.list };
  const ori = agencyOri(r, opts);
  const rmsNumber = r.text('rmsNumber', { required: true, max: 40, pattern: RMS_NUMBER, patternReason: 'must be letters, digits and . _ / -' });
  const occurredAt = r.instant('occurredAt', { required: true, notAfter });
  const reportedAt = r.instant('reportedAt', { notAfter });
  if (occurredAt && reportedAt && reportedAt < occurredAt) p.add(r.field('reportedAt'), 'is before occurredAt');

  const { offenses, relationshipCode } = offensesAndRelationship(r, path);
  const victims = (r.list('victims', { max: 20 }) ?? []).map((v, i) => victimDraft(p, v, join(path, `victims[${i}]`), notAfter));
  const charges = (r.list('charges', { max: 30 }) ?? []).map((v, i) => chargeDraft(p, v, join(path, `charges[${i}]`), notAfter));
  const violatedProtectiveOrderNumber = r.text('violatedProtectiveOrderNumber', { max: 40 });
  checkProtectiveOrderCoding(r, path, offenses, charges, violatedProtectiveOrderNumber);

  const draft: IncidentDraft = {
    agencyOri: ori,
    rmsNumber: rmsNumber ?? '',
    occurredAt: occurredAt ?? '',
    reportedAt,
    location: r.text('location', { max: 200 }),
    offenses,
    relationshipCode,
    intimatePartnerValidated: r.bool('intimatePartnerValidated'),
    arrestMade: r.bool('arrestMade', true) ?? false,
    weapon: r.code('weapon', WEAPONS, 'NIBRS weapon/force code'),
    injury: r.code('injury', INJURIES, 'NIBRS injury code'),
    childrenPresent: r.bool('childrenPresent'),
    narrative: r.text('narrative', { max: 20000 }),
    reportingOfficer: r.text('reportingOfficer', { max: 60 }),
    offender: offenderDraft(p, r.o.offender, r.field('offender'), notAfter)!,
    victims: victims.filter((v) => v !== null),
    charges: charges.filter((c) => c !== null),
    // A bad occurredAt is reported once; the screen's default time does not report it again.
    lethalityScreen: r.o.lethalityScreen == null ? undefined : screenDraft(p, r.o.lethalityScreen, r.field('lethalityScreen'), notAfter, occurredAt ?? ''),
    violatedProtectiveOrderNumber,
  };
  return result(p, draft);
}

/** A lethality screen on its own (recordLethalityScreen); `defaultAt` is the incident's time. */
export function validateScreen(screen: unknown, opts: ValidationOptions, defaultAt: string): Validated<ScreenDraft> {
  const p = new Problems();
  const value = screenDraft(p, screen, opts.path ?? 'input', new Date(opts.now.getTime() + CLOCK_SKEW_MS), defaultAt);
  return value ? result(p, value) : { value: null, problems: p.list };
}
