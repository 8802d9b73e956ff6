/**
 * Pulls an event feed and applies each event exactly once: the events of a page, the record that
 * they were applied, and the new cursor are written in ONE transaction of the consumer's database.
 * A crash before commit loses nothing (the page is fetched again); a replayed event is skipped by
 * its id. Catches up after downtime by reading from its stored cursor. After an outage it retries
 * at most a second apart (so new events flow within ~1 s of recovery) and logs the recovery once;
 * a feed that refuses its identity, or fails for longer than `stuckAfterMs`, makes it not ready.
 *
 * A page's events share their transaction, and a `FeedPageScope` says so to `apply`: what every event of
 * the page needs once per transaction (a shared lock, say) is done once per page instead of once per event.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { errorFields, type Logger } from '../logger';

export interface FeedPage<E> {
  readonly events: readonly E[];
  readonly endCursor: string | null;
  readonly hasNextPage: boolean;
}

/** Fetches the page of events after a cursor (null = from the beginning). */
export type FeedSource<E> = (after: string | null, first: number) => Promise<FeedPage<E>>;

export interface FeedConsumerOptions<E extends { id: string }> {
  /** Consumer name (one cursor per name). */
  readonly name: string;
  readonly ds: DataSource;
  readonly source: FeedSource<E>;
  /**
   * Applies one event inside the consumer's transaction. Must write only through `m`. `page` is the page's scope: the
   * events of one page are applied in order in one transaction, and the scope lives exactly as long as it.
   */
  readonly apply: (m: EntityManager, event: E, page: FeedPageScope<E>) => Promise<void>;
  readonly batchSize?: number;
  readonly log: Logger;
  /** Called after each committed batch (tests, metrics). */
  readonly onBatch?: (applied: number) => void;
  /** Longest wait between retries after a failed poll, milliseconds (default 1000). */
  readonly maxBackoffMs?: number;
  /** Failing for this long makes the consumer "stuck" (not ready), milliseconds (default 30 s). */
  readonly stuckAfterMs?: number;
}

/**
 * One page's transaction as its events' applies share it. `once(key, fn)` runs `fn` the first time `key` is asked for in
 * this transaction and answers the same result to every later event of the page: for what lasts until the transaction
 * ends (an advisory xact lock), what the page reads once for all its events (their locks taken together in one
 * order, data no event of the page changes), or writes that the page's events make together (each in one statement). Asked for at the apply's top level (never inside a savepoint an apply may
 * roll back, which would end what `fn` did before the page does).
 */
export interface FeedPageScope<E = unknown> {
  /** The events this transaction applies, in order (a page's events recorded as applied before are not among them). */
  readonly events: readonly E[];
  once<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

function pageScope<E>(events: readonly E[]): FeedPageScope<E> {
  const done = new Map<string, Promise<unknown>>();
  return {
    events,
    once<T>(key: string, fn: () => Promise<T>): Promise<T> {
      if (!done.has(key)) done.set(key, fn());
      return done.get(key) as Promise<T>;
    },
  };
}

/** A feed that answered, but refused the consumer's identity (HTTP 401/403, UNAUTHENTICATED, FORBIDDEN): retrying will not help. */
export class FeedRefusedError extends Error {
  override readonly name = 'FeedRefusedError';
}

/** What /ready says of one consumer. */
export interface FeedHealth {
  readonly consumer: string;
  /** ok: polling (or not started); failing: retrying an error; stuck: failing for too long; refused: the feed refuses this service's identity. */
  readonly state: 'ok' | 'failing' | 'stuck' | 'refused';
  readonly ready: boolean;
  readonly failingSince?: string;
  readonly lastError?: string;
}

export class FeedConsumer<E extends { id: string }> {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = true;
  private failure: { since: number; count: number; refused: boolean; error: string } | undefined;

  constructor(private readonly opts: FeedConsumerOptions<E>) {}

  get name(): string {
    return this.opts.name;
  }

  async cursor(): Promise<string | null> {
    const rows = (await this.opts.ds.query('SELECT cursor FROM feed_cursor WHERE consumer = $1', [this.opts.name])) as { cursor: string | null }[];
    return rows[0]?.cursor ?? null;
  }

  /**
   * Fetches and applies one page: the page after the stored cursor, or after `after` when the caller knows it (it is checked
   * again in the page's transaction, when the page claims the cursor). Returns how many new events were applied (0 when caught up) and the
   * cursor it committed (undefined when another instance had moved the stored one on: read it again).
   */
  async pollOnce(after?: string | null): Promise<{ applied: number; hasNextPage: boolean; cursor?: string | null }> {
    return this.poll(after === undefined ? await this.cursor() : after);
  }

  private async poll(after: string | null): Promise<{ applied: number; hasNextPage: boolean; cursor?: string | null }> {
    const page = await this.opts.source(after, this.opts.batchSize ?? 100);
    if (page.events.length === 0) return { applied: 0, hasNextPage: false, cursor: after };
    let applied = 0;
    let moved = false;
    await this.opts.ds.transaction(async (m) => {
      const fresh = await this.claim(m, after, page);
      if (!fresh) {
        moved = true; // another instance moved on; fetch again next time
        return;
      }
      const events = page.events.filter((_, i) => fresh.has(i + 1));
      const scope = pageScope(events);
      for (const event of events) {
        await this.opts.apply(m, event, scope);
        applied++;
      }
    });
    this.opts.onBatch?.(applied);
    return { applied, hasNextPage: page.hasNextPage, cursor: moved ? undefined : page.endCursor };
  }

  /**
   * The page claimed in the consumer's transaction, in one statement: the stored cursor moved from `after` to the page's
   * end (compare-and-set), and the page's events recorded as applied; the transaction commits both with the events'
   * effects, or none of them. Answers the places (1-based) of the events not recorded before (a replayed one is not among
   * them, an id repeated within the page is at its first place only), or null when the stored cursor is not `after`
   * (another instance moved on: nothing is recorded).
   *
   * One consumer instance at a time per name: the cursor's row stays locked by the UPDATE until the transaction ends, and
   * a second instance's UPDATE waits for it, then finds the cursor moved (READ COMMITTED re-checks the row it waited for)
   * and claims nothing. The first page ever INSERTs the row instead; a second instance's INSERT waits on the key, then
   * does nothing.
   */
  private async claim(m: EntityManager, after: string | null, page: FeedPage<E>): Promise<Set<number> | null> {
    const [row] = (await m.query(
      `WITH advanced AS (
         UPDATE feed_cursor SET cursor = $3, updated_at = now() WHERE consumer = $1 AND cursor IS NOT DISTINCT FROM $4::text RETURNING 1
       ), started AS (
         INSERT INTO feed_cursor (consumer, cursor, updated_at) SELECT $1, $3, now() WHERE $4::text IS NULL AND NOT EXISTS (SELECT 1 FROM feed_cursor WHERE consumer = $1)
         ON CONFLICT (consumer) DO NOTHING RETURNING 1
       ), claimed AS (SELECT 1 FROM advanced UNION ALL SELECT 1 FROM started),
       page AS (SELECT e, i FROM unnest($2::uuid[]) WITH ORDINALITY AS p(e, i)),
       fresh AS (
         INSERT INTO feed_applied (consumer, event_id) SELECT DISTINCT $1::text, e FROM page WHERE EXISTS (SELECT 1 FROM claimed)
         ON CONFLICT DO NOTHING RETURNING event_id
       )
       SELECT EXISTS (SELECT 1 FROM claimed) AS claimed,
         coalesce((SELECT json_agg(i) FROM (SELECT min(page.i)::int AS i FROM page JOIN fresh ON fresh.event_id = page.e GROUP BY page.e) f), '[]') AS fresh`,
      [this.opts.name, page.events.map((e) => e.id), page.endCursor, after],
    )) as { claimed: boolean; fresh: number[] }[];
    return row?.claimed ? new Set(row.fresh) : null;
  }

  /**
   * Applies pages until caught up: from the stored cursor (read once, then following the one each page commits), or from
   * `from` when the caller has just read it. Either is checked again in each page's transaction, when it claims the cursor.
   */
  async drain(from?: string | null): Promise<number> {
    let total = 0;
    let cursor = from;
    for (;;) {
      const r = await this.pollOnce(cursor);
      total += r.applied;
      if (!r.hasNextPage) return total;
      cursor = r.cursor;
    }
  }

  health(now = Date.now()): FeedHealth {
    const f = this.failure;
    if (!f) return { consumer: this.opts.name, state: 'ok', ready: true };
    const state = f.refused ? 'refused' : now - f.since >= (this.opts.stuckAfterMs ?? 30_000) ? 'stuck' : 'failing';
    return { consumer: this.opts.name, state, ready: state === 'failing', failingSince: new Date(f.since).toISOString(), lastError: f.error };
  }

  private recordFailure(e: unknown, retryInMs: number): void {
    const refused = e instanceof FeedRefusedError;
    const changed = !this.failure || this.failure.refused !== refused;
    const error = String(errorFields(e).errMsg ?? errorFields(e).err);
    this.failure = { since: this.failure?.since ?? Date.now(), count: (this.failure?.count ?? 0) + 1, refused, error };
    // Log the first failure, every change of kind, and then about once a minute: not 60 lines a minute.
    if (changed || this.failure.count % 60 === 0) {
      const fields = { consumer: this.opts.name, failedPolls: this.failure.count, retryInMs, ...errorFields(e) };
      if (refused) this.opts.log.error("feed refused this service's identity: check its key is among the keys the gateway trusts", fields);
      else this.opts.log.warn('feed poll failed; retrying', fields);
    }
  }

  private recordSuccess(): void {
    if (!this.failure) return;
    this.opts.log.info('feed recovered', { consumer: this.opts.name, failedPolls: this.failure.count, downForMs: Date.now() - this.failure.since });
    this.failure = undefined;
  }

  /** Polls every `intervalMs` until stopped; errors are logged and retried with back-off (capped at maxBackoffMs). */
  start(intervalMs: number): void {
    if (!this.stopped) return;
    this.stopped = false;
    const cap = Math.max(this.opts.maxBackoffMs ?? 1000, intervalMs);
    let delay = intervalMs;
    const tick = () => {
      if (this.stopped) return;
      this.running = this.drain()
        .then(() => {
          delay = intervalMs;
          this.recordSuccess();
        })
        .catch((e) => {
          delay = Math.min(delay * 2, cap);
          this.recordFailure(e, delay);
        })
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, delay);
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
