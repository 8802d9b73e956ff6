/** Relay connections: `first` (default 20, max 100), opaque `after` cursors, `totalCount`. */
import { InputError } from '../errors';

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
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string, field = 'after'): (string | number)[] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v;
  } catch {
    /* fall through */
  }
  throw new InputError(field, 'is not a cursor returned by this list');
}

/** Validates first/after. `after` decodes to the keyset tuple of the last row seen. */
export function pageOf(args: PageArgs): Page<(string | number)[]> {
  const first = args.first ?? DEFAULT_PAGE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE) throw new InputError('first', `must be between 0 and ${MAX_PAGE}`);
  return { limit: first, after: args.after ? decodeCursor(args.after) : undefined };
}

/** Builds a connection from rows fetched with limit + 1 (to learn whether there is a next page). */
export function connectionOf<T>(rows: readonly T[], limit: number, totalCount: number, keyOf: (row: T) => (string | number)[]): Connection<T> {
  const page = rows.slice(0, limit);
  const edges = page.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return { edges, pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null }, totalCount };
}
