/**
 * The one validator of an incident input, used by the GraphQL mutations and the records import (zod,
 * on core's shared rules): NIBRS codes, real dates (nothing in the future beyond the one clock skew),
 * the relationship code a crime against a person requires, the ORI, and the protective-order coding.
 * Problems name the input path (`input.offenses[1]`), all of them at once; a valid input becomes a
 * normalized draft.
 */
import { z } from 'zod';
import { list, Problems } from '@ipvi/core';
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
import {
  agencyOri,
  code,
  instant,
  objectAt,
  optional,
  parseFields,
  patterned,
  required,
  text,
  validated,
  type Validated,
  type ValidationOptions,
} from './input-rules';
import { chargeDraft, join, offenderDraft, screenDraft, victimDraft } from './party-input';

export type { Validated, ValidationOptions } from './input-rules';

const RMS_NUMBER = /^[A-Za-z0-9][A-Za-z0-9_./-]{0,39}$/;
const OFFENSE = 'NIBRS offense code';

/** The known NIBRS codes of a list (each bad one reported at its index, a repeated one too): the valid ones count for the rules across fields. */
function codesAt(p: Problems, path: string, o: Readonly<Record<string, unknown>>, key: string, required: boolean): string[] {
  const f = parseFields(p, { [key]: required ? list(z.unknown(), 10) : optional(list(z.unknown(), 10)) }, o);
  const raw = f[key] ?? [];
  const given = o[key];
  if (required && Array.isArray(given) && given.length === 0) p.add(join(path, key), 'must list at least one NIBRS offense code');
  const codes: string[] = [];
  raw.forEach((v, i) => {
    const c = new Problems(join(path, `${key}[${i}]`));
    const parsed = c.parse(code(OFFENSES, OFFENSE), v);
    for (const x of c.all) p.add(x.field, x.reason);
    if (parsed === undefined) return;
    if (codes.includes(parsed)) p.add(join(path, `${key}[${i}]`), 'is listed twice');
    else codes.push(parsed);
  });
  return codes;
}

/** The offenses with their attempted flags: an attempted one must be listed, and not one NIBRS reports only as completed. */
function offensesOf(p: Problems, path: string, listed: readonly string[], attempted: readonly string[]): OffenseDraft[] {
  const marked = new Set<string>();
  attempted.forEach((c, i) => {
    const field = join(path, `attemptedOffenses[${i}]`);
    if (!listed.includes(c)) p.add(field, 'must also be listed in offenses');
    else if (ALWAYS_COMPLETED.has(c)) p.add(field, `${c} is always reported as completed (an attempted murder is a 13A)`);
    else marked.add(c);
  });
  return listed.map((c) => ({ code: c, attempted: marked.has(c) }));
}

/** A G.S. 50B-4.1 charge or a violated order number needs the NIBRS code of a protective-order violation (90Z). */
function checkProtectiveOrderCoding(
  p: Problems,
  path: string,
  offenses: readonly OffenseDraft[],
  charges: readonly (ChargeDraft | null)[],
  orderNumber: string | null,
) {
  if (offenses.some((o) => o.code === PROTECTIVE_ORDER_OFFENSE)) return;
  charges.forEach((c, i) => {
    if (c && isProtectiveOrderStatute(c.statute)) {
      p.add(
        join(path, `charges[${i}].statute`),
        `a protective-order violation (G.S. ${PROTECTIVE_ORDER_STATUTE}) is coded NIBRS ${PROTECTIVE_ORDER_OFFENSE}: add it to offenses`,
      );
    }
  });
  if (orderNumber !== null)
    p.add(join(path, 'violatedProtectiveOrderNumber'), `a protective-order violation is coded NIBRS ${PROTECTIVE_ORDER_OFFENSE}: add it to offenses`);
}

/** The identity and time of the incident, its offenses, and the relationship code a crime against a person requires. */
function head(p: Problems, path: string, o: Readonly<Record<string, unknown>>, opts: ValidationOptions) {
  const now = opts.now;
  const f = parseFields(
    p,
    {
      agencyOri: required(agencyOri(opts)),
      rmsNumber: required(patterned(40, RMS_NUMBER, 'must be letters, digits and . _ / -')),
      occurredAt: required(instant(now)),
      reportedAt: optional(instant(now)),
    },
    o,
  );
  if (f.occurredAt && f.reportedAt && f.reportedAt < f.occurredAt) p.add(join(path, 'reportedAt'), 'is before occurredAt');
  const listed = codesAt(p, path, o, 'offenses', true);
  const attempted = codesAt(p, path, o, 'attemptedOffenses', false);
  const c = parseFields(p, { relationshipCode: optional(code(RELATIONSHIP_CODES, 'NIBRS relationship code (DE 35)')) }, o);
  const offenses = offensesOf(p, path, listed, attempted);
  const againstPerson = offenses.find((x) => CRIMES_AGAINST_PERSONS.has(x.code));
  if (againstPerson && c.relationshipCode === null) p.add(join(path, 'relationshipCode'), `is required for a crime against a person (${againstPerson.code})`);
  return {
    agencyOri: f.agencyOri ?? '',
    rmsNumber: f.rmsNumber ?? '',
    occurredAt: f.occurredAt ?? null,
    reportedAt: f.reportedAt ?? null,
    offenses,
    relationshipCode: c.relationshipCode ?? null,
  };
}

/** Each item of an optional list, read by `read` at its index (the list itself may be too long or not a list). */
function items<T>(
  p: Problems,
  o: Readonly<Record<string, unknown>>,
  path: string,
  key: string,
  max: number,
  read: (v: unknown, at: string) => T | null,
): (T | null)[] {
  const f = parseFields(p, { [key]: optional(list(z.unknown(), max)) }, o);
  return (f[key] ?? []).map((v, i) => read(v, join(path, `${key}[${i}]`)));
}

export function validateIncident(input: unknown, opts: ValidationOptions): Validated<IncidentDraft> {
  const path = opts.path ?? 'input';
  const now = opts.now;
  const p = new Problems(path);
  const o = objectAt(p, input, path);
  if (!o) return { value: null, problems: p.all };
  const h = head(p, path, o, opts);
  const victims = items(p, o, path, 'victims', 20, (v, at) => victimDraft(p, v, at, now));
  const charges = items(p, o, path, 'charges', 30, (v, at) => chargeDraft(p, v, at, now));
  const po = parseFields(p, { violatedProtectiveOrderNumber: optional(text(40)) }, o);
  const violatedProtectiveOrderNumber = po.violatedProtectiveOrderNumber ?? null;
  checkProtectiveOrderCoding(p, path, h.offenses, charges, violatedProtectiveOrderNumber);
  const rest = parseFields(
    p,
    {
      location: optional(text(200)),
      intimatePartnerValidated: optional(z.boolean()),
      arrestMade: z.boolean(),
      weapon: optional(code(WEAPONS, 'NIBRS weapon/force code')),
      injury: optional(code(INJURIES, 'NIBRS injury code')),
      childrenPresent: optional(z.boolean()),
      narrative: optional(text(20000)),
      reportingOfficer: optional(text(60)),
    },
    o,
  );
  const offender = offenderDraft(p, o.offender, join(path, 'offender'), now);
  // A bad occurredAt is reported once; the screen's default time does not report it again.
  const lethalityScreen = o.lethalityScreen == null ? undefined : screenDraft(p, o.lethalityScreen, join(path, 'lethalityScreen'), now, h.occurredAt ?? '');
  const draft: IncidentDraft = {
    agencyOri: h.agencyOri,
    rmsNumber: h.rmsNumber,
    occurredAt: h.occurredAt ?? '',
    reportedAt: h.reportedAt,
    location: rest.location ?? null,
    offenses: h.offenses,
    relationshipCode: h.relationshipCode,
    intimatePartnerValidated: rest.intimatePartnerValidated ?? null,
    arrestMade: rest.arrestMade ?? false,
    weapon: rest.weapon ?? null,
    injury: rest.injury ?? null,
    childrenPresent: rest.childrenPresent ?? null,
    narrative: rest.narrative ?? null,
    reportingOfficer: rest.reportingOfficer ?? null,
    offender: offender!,
    victims: victims.filter((v) => v !== null),
    charges: charges.filter((c) => c !== null),
    lethalityScreen,
    violatedProtectiveOrderNumber,
  };
  return validated(p, draft);
}

/** A lethality screen on its own (recordLethalityScreen); `defaultAt` is the incident's time. */
export function validateScreen(screen: unknown, opts: ValidationOptions, defaultAt: string): Validated<ScreenDraft> {
  const path = opts.path ?? 'input';
  const p = new Problems(path);
  const value = screenDraft(p, screen, path, opts.now, defaultAt);
  return validated(p, value);
}
