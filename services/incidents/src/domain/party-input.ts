/** The parties and sub-records of an incident input (offender, victims, charges, lethality screen): zod rules and the rules across their fields. */
import { z } from 'zod';
import { Problems, id, list } from '@ipvi/core';
import { LAP_KEYS, type LapAnswers, type LapQuestion } from '../lethality';
import type { ChargeDraft, OffenderDraft, ScreenDraft, VictimDraft } from '../model/incident-record';
import { DISPOSITIONS, INJURIES } from '../nibrs';
import { code, instant, objectAt, oneOf, optional, parseFields, pastDate, patterned, personName, phone, required, text } from './input-rules';

const identifier = () => optional(patterned(20, /^[A-Za-z0-9-]{1,20}$/, 'must be letters, digits and dashes'));
/** A North Carolina General Statutes citation, e.g. 14-33(c)(2), 50B-4.1(a), 14-277.3A. */
const STATUTE = /^\d{1,3}[A-Z]?-\d{1,4}(\.\d{1,3})?[A-Z]?(\([A-Za-z0-9]{1,4}\))*$/;
const statute = () =>
  text(40)
    .transform((s) => s.replace(/^(N\.?\s?C\.?\s?)?G\.?\s?S\.?\s*(§\s*)?/i, '').replace(/\s+/g, ''))
    .refine((s) => STATUTE.test(s), 'is not a General Statutes citation, e.g. 14-33(c)(2)');

/** `path` + key: `input.offender` + `name`; '' (an import row's top level) + key is the key. */
export function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Runs `read` on its own problems under `path`, adds them to `p`, and returns the value only when it had none. */
function part<T>(p: Problems, path: string, read: (c: Problems) => T | undefined): T | null {
  const c = new Problems(path);
  const value = read(c);
  for (const x of c.all) p.add(x.field, x.reason);
  return c.any || value === undefined ? null : value;
}

/** An offender: an existing `id`, or `name` + `dateOfBirth` (and optional aliases and identifiers). */
export function offenderDraft(p: Problems, v: unknown, path: string, now: Date): OffenderDraft | null {
  return part(p, path, (c) => {
    const o = objectAt(c, v, path);
    if (!o) return undefined;
    const byId = o.id !== undefined && o.id !== null;
    const f = parseFields(
      c,
      {
        id: optional(id()),
        name: byId ? optional(personName()) : required(personName()),
        dateOfBirth: byId ? optional(pastDate(now)) : required(pastDate(now)),
        aliases: optional(list(personName(), 20)),
        stateId: identifier(),
        localId: identifier(),
      },
      o,
    );
    return {
      id: f.id?.toLowerCase() ?? null,
      name: f.name ?? null,
      dateOfBirth: f.dateOfBirth ?? null,
      aliases: [...new Set(f.aliases ?? [])],
      stateId: f.stateId ?? null,
      localId: f.localId ?? null,
    };
  });
}

export function victimDraft(p: Problems, v: unknown, path: string, now: Date): VictimDraft | null {
  return part(p, path, (c) => {
    const o = objectAt(c, v, path);
    if (!o) return undefined;
    const f = parseFields(
      c,
      {
        name: required(personName()),
        dateOfBirth: optional(pastDate(now)),
        phone: optional(phone()),
        address: optional(text(200)),
        injury: optional(code(INJURIES, 'NIBRS injury code')),
      },
      o,
    );
    return { name: f.name ?? '', dateOfBirth: f.dateOfBirth ?? null, phone: f.phone ?? null, address: f.address ?? null, injury: f.injury ?? null };
  });
}

export function chargeDraft(p: Problems, v: unknown, path: string, now: Date): ChargeDraft | null {
  return part(p, path, (c) => {
    const o = objectAt(c, v, path);
    if (!o) return undefined;
    const f = parseFields(
      c,
      {
        statute: required(statute()),
        disposition: optional(oneOf(DISPOSITIONS)),
        dispositionDate: optional(pastDate(now)),
        description: required(text(200)),
        dvRelated: z.boolean(),
        felony: z.boolean(),
        chargedOn: optional(pastDate(now)),
      },
      o,
    );
    const disposition = f.disposition ?? 'PENDING';
    if (f.dispositionDate && disposition === 'PENDING') c.add(join(path, 'dispositionDate'), 'is only given for a decided charge');
    return {
      statute: f.statute ?? '',
      description: f.description ?? '',
      dvRelated: f.dvRelated ?? false,
      felony: f.felony ?? false,
      chargedOn: f.chargedOn ?? null,
      disposition,
      dispositionDate: f.dispositionDate ?? null,
    };
  });
}

const answer = () =>
  z
    .boolean()
    .nullish()
    .transform((b) => b ?? null);

/**
 * A lethality screen. Answers are yes/no or absent (not asked). A declined screen has no answers;
 * otherwise questions 1-3 must be answered (any yes among them already screens the victim in).
 * `defaultAt` (the incident's time) stands in for a missing `screenedAt`.
 */
export function screenDraft(p: Problems, v: unknown, path: string, now: Date, defaultAt: string | null): ScreenDraft | null {
  return part(p, path, (c) => {
    const o = objectAt(c, v, path);
    if (!o) return undefined;
    const f = parseFields(
      c,
      {
        declined: answer(),
        ...(Object.fromEntries(LAP_KEYS.map((k) => [k, answer()])) as Record<LapQuestion, ReturnType<typeof answer>>),
        screenedAt: defaultAt === null ? required(instant(now)) : optional(instant(now)),
        administeredBy: optional(text(60)),
        officerBelief: answer(),
        spokeWithHotline: answer(),
      },
      o,
    );
    const declined = f.declined ?? false;
    const answers = Object.fromEntries(LAP_KEYS.map((k) => [k, f[k] ?? null])) as Record<LapQuestion, boolean | null>;
    const check = (keys: readonly LapQuestion[], bad: (a: boolean | null) => boolean, reason: string) => {
      const k = keys.find((x) => bad(answers[x]));
      if (k) c.add(join(path, k), reason);
    };
    if (declined) check(LAP_KEYS, (a) => a !== null, 'a declined screen has no answers');
    else check(LAP_KEYS.slice(0, 3), (a) => a === null, 'questions 1-3 must be answered unless the victim declined');
    return {
      screenedAt: f.screenedAt ?? defaultAt ?? '',
      administeredBy: f.administeredBy ?? null,
      answers: answers as LapAnswers,
      declined,
      officerBelief: f.officerBelief ?? false,
      spokeWithHotline: f.spokeWithHotline ?? null,
    };
  });
}

/** The protected party of an order: a name and an optional date of birth. */
export function protectedParty(p: Problems, v: unknown, path: string, now: Date): { name: string; dateOfBirth: string | null } | null {
  return part(p, path, (c) => {
    const o = objectAt(c, v, path);
    if (!o) return undefined;
    const f = parseFields(c, { name: required(personName()), dateOfBirth: optional(pastDate(now)) }, o);
    return { name: f.name ?? '', dateOfBirth: f.dateOfBirth ?? null };
  });
}
