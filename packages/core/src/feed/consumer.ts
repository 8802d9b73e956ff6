/**
 * Pulls an event feed and applies each event exactly once: the events of a page, the record that
 * they were applied, and the new cursor are written in ONE transaction of the consumer's database.
 * A crash before commit loses nothing (the page is fetched again); a replayed event is skipped by
 * its id. Catches up after downtime by reading from its stored cursor.
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
  /** Applies one event inside the consumer's transaction. Must write only through `m`. */
  readonly apply: (m: EntityManager, event: E) => Promise<void>;
  readonly batchSize?: number;
  readonly log: Logger;
  /** Called after each committed batch (tests, metrics). */
  readonly onBatch?: (applied: number) => void;
}

export class FeedConsumer<E extends { id: string }> {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = true;

  constructor(private readonly opts: FeedConsumerOptions<E>) {}

  get name(): string {
    return this.opts.name;
  }

  async cursor(): Promise<string | null> {
    const rows = (await this.opts.ds.query('SELECT cursor FROM feed_cursor WHERE consumer = $1', [this.opts.name])) as { cursor: string | null }[];
    return rows[0]?.cursor ?? null;
  }

  /** Fetches and applies one page. Returns how many new events were applied (0 when caught up). */
  async pollOnce(): Promise<{ applied: number; hasNextPage: boolean }> {
    const after = await this.cursor();
    const page = await this.opts.source(after, this.opts.batchSize ?? 100);
    if (page.events.length === 0) return { applied: 0, hasNextPage: false };
    let applied = 0;
    await this.opts.ds.transaction(async (m) => {
      // One consumer instance at a time per name; a second instance waits, then re-checks the cursor.
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`feed:${this.opts.name}`]);
      const [current] = (await m.query('SELECT cursor FROM feed_cursor WHERE consumer = $1', [this.opts.name])) as { cursor: string | null }[];
      if ((current?.cursor ?? null) !== after) return; // another instance moved on; fetch again next time
      for (const event of page.events) {
        const inserted = (await m.query(
          'INSERT INTO feed_applied (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id',
          [this.opts.name, event.id],
        )) as unknown[];
        if (inserted.length === 0) continue;
        await this.opts.apply(m, event);
        applied++;
      }
      await m.query(
        `INSERT INTO feed_cursor (consumer, cursor, updated_at) VALUES ($1, $2, now())
         ON CONFLICT (consumer) DO UPDATE SET cursor = EXCLUDED.cursor, updated_at = now()`,
        [this.opts.name, page.endCursor],
      );
    });
    this.opts.onBatch?.(applied);
    return { applied, hasNextPage: page.hasNextPage };
  }

  /** Applies pages until caught up. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const r = await this.pollOnce();
      total += r.applied;
      if (!r.hasNextPage) return total;
    }
  }

  /** Polls every `intervalMs` until stopped; errors are logged and retried with back-off. */
  start(intervalMs: number): void {
    if (!this.stopped) return;
    this.stopped = false;
    let delay = intervalMs;
    const tick = () => {
      if (this.stopped) return;
      this.running = this.drain()
        .then(() => {
          delay = intervalMs;
        })
        .catch((e) => {
          delay = Math.min(delay * 2, 30_000);
          this.opts.log.warn('feed poll failed; retrying', { consumer: this.opts.name, retryInMs: delay, ...errorFields(e) });
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
