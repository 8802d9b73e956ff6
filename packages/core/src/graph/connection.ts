/** Relay connections: `first` (default 20, max 100), opaque `after` cursors, `totalCount`. */
import { InputError } from '../errors';
import { Problems } from '../validation/collect';
import { isValidDate } from './scalars';

export const DEFAULT_PAGE = 20;
export const MAX_PAGE = 100;

export interface PageArgs {
  readonly first?: number | null;
  readonly after?: string | null;
}

export interface Page<K> {
  readonly limit: number;
  /** Decoded keyset position to continue after, or undefined for the first page. */
  readonly after: K | undefined;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  /**
   * Relay PageInfo. Paging is forward (first/after); hasPreviousPage is exact: false without `after`,
   * and with `after` true exactly when an item of the list (as filtered now) sorts at or before it.
   */
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * What each part of a list's keyset cursor must be. A cursor is opaque to clients but decodable, so
 * a forged one is checked part by part before it reaches SQL: a wrong shape is BAD_USER_INPUT on
 * `after`, never a database error.
 */
export type CursorPart = 'text' | 'uuid' | 'timestamp' | 'int';
export type CursorShape = readonly CursorPart[];

/** The shapes the hub's lists use. */
export const CursorShapes = {
  /** A sequence number (feeds, audit trails, policy versions). */
  seq: ['int'],
  /** An instant and a row id (most lists). */
  instantAndId: ['timestamp', 'uuid'],
  /** A lower-cased name and a row id (people by name). */
  textAndId: ['text', 'uuid'],
} as const satisfies Record<string, CursorShape>;

const UUID_PART = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSTANT_PART = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;
const MAX_CURSOR_LENGTH = 2048;
const MAX_TEXT_PART = 512;

function partOk(kind: CursorPart, v: string | number): boolean {
  switch (kind) {
    case 'text':
      return typeof v === 'string';
    case 'uuid':
      return typeof v === 'string' && UUID_PART.test(v);
    case 'timestamp':
      return typeof v === 'string' && INSTANT_PART.test(v) && !Number.isNaN(Date.parse(v)) && isValidDate(v.slice(0, 10));
    case 'int':
      return typeof v === 'number' ? Number.isSafeInteger(v) && v >= 0 : /^\d{1,18}$/.test(v);
  }
}

/** Any part: a safe integer or a bounded string without NUL characters. */
function plainPart(x: unknown): x is string | number {
  if (typeof x === 'number') return Number.isSafeInteger(x);
  return typeof x === 'string' && x.length <= MAX_TEXT_PART && !x.includes('\u0000');
}

/** Decodes an `after` cursor; with a shape, every part must be of its kind (and there must be as many). */
export function decodeCursor(cursor: string, field = 'after', shape?: CursorShape): (string | number)[] {
  const refuse = () => new InputError(field, 'is not a cursor returned by this list');
  if (typeof cursor !== 'string' || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw refuse();
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  if (!Array.isArray(v) || v.length === 0 || v.length > 8 || !v.every(plainPart)) throw refuse();
  if (shape && (v.length !== shape.length || !shape.every((kind, i) => partOk(kind, v[i] as string | number)))) throw refuse();
  return v;
}

/**
 * Validates first/after, both problems in one answer. `after` decodes to the keyset tuple of the last row seen (of
 * `shape`, when given).
 */
export function pageOf(args: PageArgs, shape?: CursorShape): Page<(string | number)[]> {
  const first = args.first ?? DEFAULT_PAGE;
  const problems = new Problems('');
  problems.check(Number.isInteger(first) && first >= 0 && first <= MAX_PAGE, 'first', `must be between 0 and ${MAX_PAGE}`);
  const after = args.after ? problems.collect(() => decodeCursor(args.after!, 'after', shape)) : undefined;
  problems.throwIfAny();
  return { limit: first, after };
}

/**
 * Builds a connection from rows fetched with limit + 1 (to learn whether there is a next page).
 * `preceding` is how many items of the list (under the same filter and scope) sort at or before the
 * `after` cursor, or whether any does: the list's own query knows it; it is 0 (false) for the first
 * page. hasPreviousPage = preceding > 0.
 */
export function connectionOf<T>(
  rows: readonly T[],
  limit: number,
  totalCount: number,
  keyOf: (row: T) => (string | number)[],
  preceding: number | boolean = false,
): Connection<T> {
  const page = rows.slice(0, limit);
  const edges = page.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > limit,
      hasPreviousPage: typeof preceding === 'number' ? preceding > 0 : preceding,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount,
  };
}
