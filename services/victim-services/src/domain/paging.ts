/** Page arguments of the victim-services lists: `first`/`after` checked once, keyset cursors decoded. */
import { CursorShapes, InputError, connectionOf, pageOf, type Connection, type PageArgs } from '@ipvi/core';

/** The limit and the (instant, id) keyset to continue after, or BAD_USER_INPUT for a cursor this list never issued. */
export function instantIdPage(args: PageArgs): { limit: number; after: readonly [string, string] | undefined } {
  const page = pageOf(args, CursorShapes.instantAndId);
  return { limit: page.limit, after: page.after ? [String(page.after[0]), String(page.after[1])] : undefined };
}

/** A connection ordered by (instant, id), from rows fetched with limit + 1; `preceding` = matching rows at or before `after`. */
export function instantIdConnection<T extends { id: string }>(
  rows: readonly T[],
  limit: number,
  total: number,
  instantOf: (row: T) => Date,
  preceding: number,
): Connection<T> {
  return connectionOf(rows, limit, total, (r) => [instantOf(r).toISOString(), r.id], preceding);
}

/**
 * A page of a child list already loaded whole by its DataLoader (one query for every parent of the
 * request), keyed by row id: `first`/`after` as everywhere, `totalCount` = the whole list. Child
 * lists here hold tens of rows per client; a list that grows into thousands moves to SQL paging.
 */
export function childConnection<T extends { id: string }>(rows: readonly T[], args: PageArgs): Connection<T> {
  const page = pageOf(args);
  let start = 0;
  if (page.after) {
    const [id] = page.after;
    const at = rows.findIndex((r) => r.id === id);
    if (at < 0) throw new InputError('after', 'is not a cursor returned by this list');
    start = at + 1;
  }
  // Everything up to and including the cursor's row precedes the page.
  return connectionOf(rows.slice(start, start + page.limit + 1), page.limit, rows.length, (r) => [r.id], start);
}
