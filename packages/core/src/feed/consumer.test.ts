/**
 * @jest-environment node
 *
 * The consumer's retry loop: capped back-off, one recovery log line, and what /ready learns from it. On Jest's fake clock
 * (its setTimeout and Date.now): the loop's timers and the times it records advance without waiting for them for real.
 * Jest's plain Node environment (the docblock above): the consumer must load in this file's sandbox, where the fake clock
 * is, not from the worker's shared modules (test/harness/runtime.js).
 */
import type { DataSource } from 'typeorm';
import { createLogger } from '../logger';
import { FeedConsumer, FeedRefusedError, type FeedPage, type FeedPageScope } from './consumer';

const EMPTY: FeedPage<{ id: string }> = { events: [], endCursor: null, hasNextPage: false };
/** A data source whose cursor table is empty: an empty page never opens a transaction. */
const ds = { query: async () => [] } as unknown as DataSource;

function consumer(source: () => Promise<FeedPage<{ id: string }>>, opts: { stuckAfterMs?: number } = {}) {
  const lines: { msg: string; [k: string]: unknown }[] = [];
  const log = createLogger('debug', {}, (l) => lines.push(JSON.parse(l)));
  const calls: number[] = [];
  const c = new FeedConsumer<{ id: string }>({
    name: 'test:feed',
    ds,
    log,
    apply: async () => undefined,
    source: async () => (calls.push(Date.now()), source()),
    ...opts,
  });
  return { c, lines, calls };
}

/** Moves the fake clock on, running every timer due and the promises they start (the polls) on the way. */
const sleep = (ms: number) => jest.advanceTimersByTimeAsync(ms);

beforeEach(() => {
  jest.useFakeTimers();
});
afterEach(() => {
  jest.useRealTimers();
});

it('retries at most a second apart however long the outage, and logs the recovery once', async () => {
  let down = true;
  const { c, lines, calls } = consumer(async () => {
    if (down) throw new Error('fetch failed');
    return EMPTY;
  });
  c.start(50);
  await sleep(3500);
  expect(c.health().state).toBe('failing');
  expect(c.health().ready).toBe(true);
  const gaps = calls.slice(1).map((t, i) => t - calls[i]!);
  expect(Math.max(...gaps)).toBeLessThan(1300);
  down = false;
  const upAt = Date.now();
  await sleep(1500);
  await c.stop();
  expect(calls.some((t) => t >= upAt && t - upAt <= 1200)).toBe(true);
  expect(c.health()).toEqual({ consumer: 'test:feed', state: 'ok', ready: true });
  expect(lines.filter((l) => l.msg === 'feed recovered')).toHaveLength(1);
  // One warning for the outage, not one per retry.
  expect(lines.filter((l) => l.msg === 'feed poll failed; retrying').length).toBeLessThan(3);
});

it('is not ready when the feed refuses its identity, and says so in the log', async () => {
  const { c, lines } = consumer(async () => {
    throw new FeedRefusedError('feed incidentEvents at http://gw/graphql: HTTP 401 UNAUTHENTICATED');
  });
  c.start(50);
  await sleep(300);
  await c.stop();
  expect(c.health()).toMatchObject({ consumer: 'test:feed', state: 'refused', ready: false, lastError: expect.stringContaining('http://gw/graphql') });
  const refused = lines.filter((l) => l.level === 'error' && /refused/.test(l.msg));
  expect(refused).toHaveLength(1);
  expect(refused[0]).toMatchObject({ consumer: 'test:feed', errMsg: expect.stringContaining('http://gw/graphql') });
});

it('is stuck (not ready) after failing longer than stuckAfterMs', async () => {
  const { c } = consumer(
    async () => {
      throw new Error('HTTP 500');
    },
    { stuckAfterMs: 200 },
  );
  c.start(50);
  await sleep(400);
  await c.stop();
  expect(c.health()).toMatchObject({ state: 'stuck', ready: false });
});

it("gives each page's events one scope (what they share once per transaction) and follows the cursor it commits", async () => {
  jest.useRealTimers();
  let stored: string | null = null;
  const statements: string[] = [];
  const m = {
    query: async (sql: string, params: unknown[] = []) => {
      statements.push(sql.trim().split(/\s+/).slice(0, 2).join(' '));
      if (sql.includes('INSERT INTO feed_applied')) {
        if (params[3] !== stored) return [{ claimed: false, fresh: [] }];
        stored = params[2] as string; // the cursor is moved by the same statement
        // 'x' was applied before (a replay): not among the places answered.
        return [{ claimed: true, fresh: (params[1] as string[]).flatMap((id, i) => (id === 'x' ? [] : [i + 1])) }];
      }
      return [];
    },
  };
  const db = {
    query: async (sql: string) => (statements.push('outside'), sql.includes('FROM feed_cursor') ? [{ cursor: stored }] : []),
    transaction: async (fn: (x: typeof m) => Promise<void>) => fn(m),
  } as unknown as DataSource;
  const pages: Record<string, FeedPage<{ id: string }>> = {
    start: { events: [{ id: 'a' }, { id: 'x' }, { id: 'b' }], endCursor: 'c1', hasNextPage: true },
    c1: { events: [{ id: 'c' }], endCursor: 'c2', hasNextPage: false },
  };
  const opened: string[] = [];
  const seen: { id: string; scope: unknown }[] = [];
  const c = new FeedConsumer<{ id: string }>({
    name: 'test:feed',
    ds: db,
    log: createLogger('silent'),
    source: async (after) => pages[after ?? 'start']!,
    apply: async (_m, e, page) => {
      await page.once('lock', async () => void opened.push(e.id));
      await page.once('lock', async () => void opened.push(`again ${e.id}`));
      seen.push({ id: e.id, scope: page });
    },
  });
  expect(await c.drain()).toBe(3);
  expect(opened).toEqual(['a', 'c']); // once per page, by its first event
  expect(seen[0]!.scope).toBe(seen[1]!.scope);
  expect(seen[2]!.scope).not.toBe(seen[0]!.scope);
  // The scope names the events its transaction applies, in order (not the one applied before).
  expect((seen[0]!.scope as FeedPageScope).events).toEqual([{ id: 'a' }, { id: 'b' }]);
  expect((seen[2]!.scope as FeedPageScope).events).toEqual([{ id: 'c' }]);
  expect(stored).toBe('c2');
  // The stored cursor read once outside the pages' transactions; each page checks it in the one statement that claims it.
  expect(statements).toEqual(['outside', 'WITH advanced', 'WITH advanced']);
  // A page after a cursor the stored one has moved past (another instance applied it) applies nothing and says so.
  expect(await c.pollOnce('c1')).toEqual({ applied: 0, hasNextPage: false, cursor: undefined });
  expect(seen).toHaveLength(3);
  expect(stored).toBe('c2');
});
