/** What every validated input of the incidents subgraph shares: options, result, the ORI rule, the clock. */
import { CLOCK_SKEW_MS, normalizeAgency } from '@ipvi/core';
import { Problems, type Reader, type Problem } from './fields';
import { readerAt } from './parties';

/** ORI: 9 characters, the state's two letters then seven letters or digits. */
export const ORI = /^[A-Z]{2}[A-Z0-9]{7}$/;

export interface ValidationOptions {
  readonly now: Date;
  /** Path of the input object in error fields (default `input`; '' for import rows). */
  readonly path?: string;
  /** Police agencies the writer may record for (the caller's scope, or the partnership for an import). */
  readonly agencies: readonly string[];
  /** The partnership's configured police agencies (normalized): any other agency is refused. */
  readonly partnerAgencies: readonly string[];
}

export interface Validated<T> {
  readonly value: T | null;
  readonly problems: readonly Problem[];
}

/** Starts validating an input object: its reader (null when it is not an object) and the latest acceptable time. */
export function begin(input: unknown, opts: ValidationOptions): { p: Problems; r: Reader | null; notAfter: Date } {
  const p = new Problems();
  return { p, r: readerAt(p, input, opts.path ?? 'input', true), notAfter: new Date(opts.now.getTime() + CLOCK_SKEW_MS) };
}

/**
 * The `agencyOri` of an input, normalized (`nc0410300` is NC0410300): an ORI of a configured partner
 * police agency that the writer may record for ('' when not). The value is never echoed.
 */
export function agencyOri(r: Reader, opts: Pick<ValidationOptions, 'agencies' | 'partnerAgencies'>): string {
  const raw = r.text('agencyOri', { required: true, max: 9 });
  const ori = raw === null ? '' : normalizeAgency(raw);
  if (!ori) return '';
  if (!ORI.test(ori)) r.p.add(r.field('agencyOri'), 'must be an ORI: 9 characters, 2 letters then 7 letters or digits');
  else if (!opts.partnerAgencies.includes(ori)) r.p.add(r.field('agencyOri'), 'is not a police agency of the partnership');
  else if (!opts.agencies.includes(ori)) r.p.add(r.field('agencyOri'), 'is not an agency you may record for');
  return ori;
}

export function result<T>(p: Problems, value: T): Validated<T> {
  return p.ok ? { value, problems: [] } : { value: null, problems: p.list };
}
