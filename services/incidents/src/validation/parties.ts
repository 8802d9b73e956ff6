/** Validation of the parties and sub-records of an incident: offender, victims, charges, lethality screen. */
import { LAP_KEYS, type LapAnswers, type LapQuestion } from '../lethality';
import { UUID_RE as UUID } from '@ipvi/core';
import type { ChargeDraft, OffenderDraft, ScreenDraft, VictimDraft } from '../model/incident-record';
import { DISPOSITIONS, INJURIES, type Disposition } from '../nibrs';
import { isObj, join, personName, Reader, type Problems } from './fields';

const IDENTIFIER = { max: 20, pattern: /^[A-Za-z0-9-]{1,20}$/, patternReason: 'must be letters, digits and dashes' };
/** A North Carolina General Statutes citation, e.g. 14-33(c)(2), 50B-4.1(a), 14-277.3A. */
const STATUTE = /^\d{1,3}[A-Z]?-\d{1,4}(\.\d{1,3})?[A-Z]?(\([A-Za-z0-9]{1,4}\))*$/;

/** A reader for the object at `path`, or null (reported when required or not an object). */
export function readerAt(p: Problems, v: unknown, path: string, required: boolean): Reader | null {
  if (v === undefined || v === null) {
    if (required) p.add(path, 'is required');
    return null;
  }
  if (!isObj(v)) return (p.add(path, 'must be an object'), null);
  return new Reader(p, v, path);
}

/** Runs `read` and returns its value only when it reported no problem. */
function clean<T>(p: Problems, read: () => T): T | null {
  const before = p.list.length;
  const value = read();
  return p.list.length > before ? null : value;
}

/** An offender: an existing `id`, or `name` + `dateOfBirth` (and optional aliases and identifiers). */
export function offenderDraft(p: Problems, v: unknown, path: string, now: Date): OffenderDraft | null {
  const r = readerAt(p, v, path, true);
  if (!r) return null;
  return clean(p, () => {
    const byId = r.o.id !== undefined && r.o.id !== null;
    const id = r.text('id', { max: 36, pattern: UUID, patternReason: 'is not an offender id' });
    const aliases: string[] = [];
    (r.list('aliases', { max: 20 }) ?? []).forEach((a, i) => {
      const s = personName(p, a, join(path, `aliases[${i}]`), true);
      if (s !== null && !aliases.includes(s)) aliases.push(s);
    });
    return {
      id: id?.toLowerCase() ?? null,
      name: r.personName('name', !byId),
      dateOfBirth: r.date('dateOfBirth', { required: !byId, notAfter: now }),
      aliases,
      stateId: r.text('stateId', IDENTIFIER),
      localId: r.text('localId', IDENTIFIER),
    };
  });
}

export function victimDraft(p: Problems, v: unknown, path: string, now: Date): VictimDraft | null {
  const r = readerAt(p, v, path, true);
  if (!r) return null;
  return clean(p, () => ({
    name: r.personName('name', true) ?? '',
    dateOfBirth: r.date('dateOfBirth', { notAfter: now }),
    phone: r.phone('phone'),
    address: r.text('address', { max: 200 }),
    injury: r.code('injury', INJURIES, 'NIBRS injury code'),
  }));
}

export function chargeDraft(p: Problems, v: unknown, path: string, now: Date): ChargeDraft | null {
  const r = readerAt(p, v, path, true);
  if (!r) return null;
  return clean(p, () => {
    const statute =
      r
        .text('statute', { required: true, max: 40 })
        ?.replace(/^(N\.?\s?C\.?\s?)?G\.?\s?S\.?\s*(§\s*)?/i, '')
        .replace(/\s+/g, '') ?? '';
    if (statute && !STATUTE.test(statute)) p.add(r.field('statute'), 'is not a General Statutes citation, e.g. 14-33(c)(2)');
    const disposition = (r.text('disposition', { max: 20 })?.toUpperCase() ?? 'PENDING') as Disposition;
    if (!DISPOSITIONS.includes(disposition)) p.add(r.field('disposition'), `must be one of ${DISPOSITIONS.join(', ')}`);
    const dispositionDate = r.date('dispositionDate', { notAfter: now });
    if (dispositionDate !== null && disposition === 'PENDING') p.add(r.field('dispositionDate'), 'is only given for a decided charge');
    return {
      statute,
      description: r.text('description', { required: true, max: 200 }) ?? '',
      dvRelated: r.bool('dvRelated', true) ?? false,
      felony: r.bool('felony', true) ?? false,
      chargedOn: r.date('chargedOn', { notAfter: now }),
      disposition,
      dispositionDate,
    };
  });
}

/**
 * A lethality screen. Answers are yes/no or absent (not asked). A declined screen has no answers;
 * otherwise questions 1-3 must be answered (any yes among them already screens the victim in).
 * `defaultAt` (the incident's time) stands in for a missing `screenedAt`.
 */
export function screenDraft(p: Problems, v: unknown, path: string, now: Date, defaultAt: string | null): ScreenDraft | null {
  const r = readerAt(p, v, path, true);
  if (!r) return null;
  return clean(p, () => {
    const declined = r.bool('declined') ?? false;
    const answers = Object.fromEntries(LAP_KEYS.map((k) => [k, r.bool(k)])) as Record<LapQuestion, boolean | null>;
    if (declined) {
      const answered = LAP_KEYS.find((k) => answers[k] !== null);
      if (answered) p.add(r.field(answered), 'a declined screen has no answers');
    } else {
      const unanswered = LAP_KEYS.slice(0, 3).find((k) => answers[k] === null);
      if (unanswered) p.add(r.field(unanswered), 'questions 1-3 must be answered unless the victim declined');
    }
    return {
      screenedAt: r.instant('screenedAt', { required: defaultAt === null, notAfter: now }) ?? defaultAt ?? '',
      administeredBy: r.text('administeredBy', { max: 60 }),
      answers: answers as LapAnswers,
      declined,
      officerBelief: r.bool('officerBelief') ?? false,
      spokeWithHotline: r.bool('spokeWithHotline'),
    };
  });
}
