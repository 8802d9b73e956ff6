/**
 * The one validator of an incident input, used by the GraphQL mutations and the records import:
 * NIBRS codes, real dates (no 2026-02-30, nothing in the future), the relationship code a crime
 * against a person requires, the ORI format, and the protective-order rules. Problems name the input
 * path (`input.offenses[1]`); a valid input becomes a normalized draft.
 */
import type { IncidentDraft, OffenseDraft } from '../model/incident-record';
import {
  ALWAYS_COMPLETED, CRIMES_AGAINST_PERSONS, INJURIES, isProtectiveOrderStatute, OFFENSES, PROTECTIVE_ORDER_OFFENSE, PROTECTIVE_ORDER_STATUTE,
  RELATIONSHIP_CODES, WEAPONS,
} from '../nibrs';
import { code, join, Problems, type Problem } from './fields';
import { chargeDraft, offenderDraft, readerAt, screenDraft, victimDraft } from './parties';

/** ORI: 9 characters, the state's two letters then seven letters or digits. */
export const ORI = /^[A-Z]{2}[A-Z0-9]{7}$/;
const RMS_NUMBER = /^[A-Za-z0-9][A-Za-z0-9_./-]{0,39}$/;
/** Clock skew tolerated between a records system and the hub before a time counts as future. */
export const FUTURE_SKEW_MS = 5 * 60 * 1000;

export interface ValidationOptions {
  readonly now: Date;
  /** Path of the input object in error fields (default `input`; '' for import rows). */
  readonly path?: string;
  /** Police agencies the writer may record for (the caller's scope, or the partnership for an import). */
  readonly agencies: readonly string[];
}

export interface Validated<T> {
  readonly value: T | null;
  readonly problems: readonly Problem[];
}

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

export function validateIncident(input: unknown, opts: ValidationOptions): Validated<IncidentDraft> {
  const path = opts.path ?? 'input';
  const p = new Problems();
  const r = readerAt(p, input, path, true);
  if (!r) return { value: null, problems: p.list };
  const notAfter = new Date(opts.now.getTime() + FUTURE_SKEW_MS);

  const agencyOri = r.text('agencyOri', { required: true, max: 9 })?.toUpperCase() ?? null;
  if (agencyOri !== null && !ORI.test(agencyOri)) p.add(r.field('agencyOri'), 'must be an ORI: 9 characters, 2 letters then 7 letters or digits');
  else if (agencyOri !== null && !opts.agencies.includes(agencyOri)) p.add(r.field('agencyOri'), 'is not an agency you may record incidents for');
  const rmsNumber = r.text('rmsNumber', { required: true, max: 40, pattern: RMS_NUMBER, patternReason: 'must be letters, digits and . _ / -' });
  const occurredAt = r.instant('occurredAt', { required: true, notAfter });
  const reportedAt = r.instant('reportedAt', { notAfter });
  if (occurredAt && reportedAt && reportedAt < occurredAt) p.add(r.field('reportedAt'), 'is before occurredAt');

  let offenses = offensesOf(p, r.list('offenses', { required: true, max: 10 }) ?? [], path);
  if (offenses.length === 0 && Array.isArray(r.o.offenses) && r.o.offenses.length === 0) p.add(r.field('offenses'), 'must list at least one NIBRS offense code');
  offenses = markAttempted(p, offenses, r.list('attemptedOffenses', { max: 10 }) ?? [], path);
  const againstPerson = offenses.find((o) => CRIMES_AGAINST_PERSONS.has(o.code));
  const relationshipCode = r.code('relationshipCode', RELATIONSHIP_CODES, 'NIBRS relationship code (DE 35)');
  if (againstPerson && relationshipCode === null && r.text('relationshipCode') === null) {
    p.add(r.field('relationshipCode'), `is required for a crime against a person (${againstPerson.code})`);
  }

  const victims = (r.list('victims', { max: 20 }) ?? []).map((v, i) => victimDraft(p, v, join(path, `victims[${i}]`), notAfter));
  const charges = (r.list('charges', { max: 30 }) ?? []).map((v, i) => chargeDraft(p, v, join(path, `charges[${i}]`), notAfter));
  const hasPoOffense = offenses.some((o) => o.code === PROTECTIVE_ORDER_OFFENSE);
  charges.forEach((c, i) => {
    if (c && isProtectiveOrderStatute(c.statute) && !hasPoOffense) {
      p.add(join(path, `charges[${i}].statute`), `a protective-order violation (G.S. ${PROTECTIVE_ORDER_STATUTE}) is coded NIBRS ${PROTECTIVE_ORDER_OFFENSE}: add it to offenses`);
    }
  });
  const violatedProtectiveOrderNumber = r.text('violatedProtectiveOrderNumber', { max: 40 });
  if (violatedProtectiveOrderNumber !== null && !hasPoOffense) p.add(r.field('violatedProtectiveOrderNumber'), `a protective-order violation is coded NIBRS ${PROTECTIVE_ORDER_OFFENSE}: add it to offenses`);

  const draft: IncidentDraft = {
    agencyOri: agencyOri ?? '',
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
  return p.ok ? { value: draft, problems: [] } : { value: null, problems: p.list };
}
