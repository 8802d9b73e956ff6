/**
 * Appends audit events, hash-chained: each event's hash covers the previous event's hash and every
 * field of the event, so an altered or deleted row breaks the chain. Every insert into audit_event
 * happens while its transaction holds the chain's advisory lock, so appends are serialised. A store
 * that knows the chain's head (it wrote the last event itself) appends in one statement; otherwise it
 * reads the head under the lock first. Never stores a value of a field.
 */
import type { PoolClient as PgClient } from 'pg';
import type { DataSource } from 'typeorm';
import { GENESIS_HASH, auditDigest, chainEntries, verifyChain, type AuditRow, type ChainHead, type ChainReport } from './chain';
import { pooledClient } from '../db/database';
import type { AuditActor, AuditEntry } from './collector';

export { GENESIS_HASH, auditDigest, type AuditRow };
/** The advisory lock every append holds while it inserts (per database). */
const CHAIN_LOCK = 74110001;
/** The columns of audit_event in insert order, with the type an untyped parameter is cast to. */
const COLUMNS = [
  ['seq', 'bigint'],
  ['id', 'uuid'],
  ['at', 'timestamptz'],
  ['request_id', 'text'],
  ['subject', 'text'],
  ['role', 'text'],
  ['agency', 'text'],
  ['operation', 'text'],
  ['action', 'text'],
  ['field_path', 'text'],
  ['entity_ids', 'text[]'],
  ['outcome', 'text'],
  ['consent_id', 'text'],
  ['prev_hash', 'text'],
  ['hash', 'text'],
] as const;
const COLUMN_LIST = COLUMNS.map(([name]) => name).join(',');
/** unique_violation: here, a seq another writer took since this store last saw the head. */
const UNIQUE_VIOLATION = '23505';

/** Runs a query and returns its rows (a TypeORM DataSource, or a pg client adapted). */
export type RowQuery = (sql: string, params: unknown[]) => Promise<unknown[]>;

/** Reads audit_event in seq order, in batches. */
async function* auditRows(query: RowQuery, batch: number): AsyncGenerator<AuditRow> {
  let after = '0';
  for (;;) {
    const rows = (await query('SELECT * FROM audit_event WHERE seq > $1 ORDER BY seq LIMIT $2', [after, batch])) as AuditRow[];
    if (rows.length === 0) return;
    yield* rows;
    after = rows[rows.length - 1]!.seq;
  }
}

/** Verifies the audit_event table reachable through `query`. */
export function verifyAuditTable(query: RowQuery, batch = 5000): Promise<ChainReport> {
  return verifyChain(auditRows(query, batch));
}

interface Pending {
  readonly actor: AuditActor;
  readonly entries: readonly AuditEntry[];
  readonly done: (e?: unknown) => void;
}

/** Rows per INSERT stay well under PostgreSQL's 65535 bind parameters. */
const MAX_ROWS_PER_WRITE = 2000;

/** One batch's events chained on to `head`; `end` is the new head. */
function chainBatch(head: ChainHead | undefined, batch: readonly Pending[], at: Date): { rows: AuditRow[]; end: ChainHead } {
  const rows: AuditRow[] = [];
  let end = head;
  for (const { actor, entries } of batch) {
    const chained = chainEntries(end, actor, entries, at);
    rows.push(...chained);
    const last = chained[chained.length - 1]!;
    end = { seq: BigInt(last.seq), hash: last.hash };
  }
  return { rows, end: end! };
}

/** The VALUES rows and parameters of `rows`; `typed` casts each parameter (VALUES outside an INSERT's own list has no column types). */
function valuesOf(rows: readonly AuditRow[], typed: boolean): { tuples: string; params: unknown[] } {
  const params: unknown[] = [];
  const tuples = rows.map((r) => {
    const base = params.length;
    params.push(...COLUMNS.map(([name]) => r[name]));
    return `(${COLUMNS.map(([, type], i) => `$${base + i + 1}${typed ? `::${type}` : ''}`).join(',')})`;
  });
  return { tuples: tuples.join(','), params };
}

/**
 * Writes of up to this many rows (nearly all of them: a request's entries are one per field path and outcome) use a
 * prepared statement per row count, parsed and planned once per connection: planning was most of the server's time.
 */
const PREPARED_MAX_ROWS = 32;

/**
 * One autocommit statement that takes the chain's lock and then inserts `rows` (the lock is a materialised CTE joined to
 * every row, so it is held before the first row is inserted, and released at the statement's commit).
 */
function appendStatement(rows: readonly AuditRow[]): { name: string | undefined; text: string; params: unknown[] } {
  const { tuples, params } = valuesOf(rows, true);
  const text =
    `WITH chain_lock AS MATERIALIZED (SELECT pg_advisory_xact_lock(${CHAIN_LOCK})) ` +
    `INSERT INTO audit_event (${COLUMN_LIST}) SELECT v.* FROM chain_lock, (VALUES ${tuples}) AS v`;
  return { name: rows.length <= PREPARED_MAX_ROWS ? `ipvi_audit_append_${rows.length}` : undefined, text, params };
}

const sameHead = (a: ChainHead | undefined, b: ChainHead | undefined) => a !== undefined && b !== undefined && a.seq === b.seq && a.hash === b.hash;

export class AuditStore {
  private pending: Pending[] = [];
  private writing = false;
  /** The chain's head as this store last committed it; undefined before its first write and after a failed one. */
  private head: ChainHead | undefined;
  /** False once a write found that another writer had appended since this store's last write: the next write reads the head first. */
  private alone = true;

  constructor(private readonly ds: DataSource) {}

  /**
   * Appends one request's entries; resolves once they are committed, rejects when that write fails.
   * Requests that finish while a write is in flight share the next write (group commit), so
   * concurrent requests do not queue one by one on the chain's lock.
   */
  append(actor: AuditActor, entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ actor, entries, done: (e) => (e === undefined ? resolve() : reject(e)) });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.pending.length) {
        const batch: Pending[] = [];
        let rows = 0;
        while (this.pending.length && (batch.length === 0 || rows + this.pending[0]!.entries.length <= MAX_ROWS_PER_WRITE)) {
          rows += this.pending[0]!.entries.length;
          batch.push(this.pending.shift()!);
        }
        try {
          await this.write(batch, rows);
          batch.forEach((p) => p.done());
        } catch (e) {
          batch.forEach((p) => p.done(e ?? new Error('audit write failed')));
        }
      }
    } finally {
      this.writing = false;
    }
  }

  /**
   * Appends a batch. When this store committed the chain's head itself and no other writer has appended since its last
   * write, one round trip: the batch chained on to that head, inserted by one statement that holds the chain's lock. If
   * another writer appended meanwhile, a seq is taken (seq is the primary key): the statement fails whole with
   * unique_violation and the batch is written as below instead. Otherwise (the first write, after a conflict or a failure,
   * a batch larger than one INSERT) one transaction in three round trips, reading the head under the lock. A pg client of
   * TypeORM's pool is used directly; a failed write discards its connection and forgets the head.
   *
   * Why a stale head cannot break the chain: every insert holds the lock until it commits (the one statement takes it
   * before its first row), so once the statement holds it no other writer has rows in flight, and the primary key's check
   * sees every committed row (also those committed after the statement began). Events are never deleted and their seqs
   * are contiguous, so a free seq head+1 means the head is still the one this store wrote; a taken one fails the
   * statement before anything is written. The locked write that follows cannot conflict: nobody inserts while it holds
   * the lock.
   */
  private async write(batch: readonly Pending[], rows: number): Promise<void> {
    const { client, release } = await pooledClient(this.ds);
    let failure: unknown;
    try {
      const at = new Date();
      if (this.head && this.alone && rows <= MAX_ROWS_PER_WRITE && (await this.appendAfter(client, this.head, batch, at))) return;
      await this.appendLocked(client, batch, at);
    } catch (e) {
      failure = e ?? new Error('audit write failed');
      this.head = undefined;
      throw failure;
    } finally {
      release(failure);
    }
  }

  /** The one-statement append on to a head this store knows; false (nothing written) when another writer took its seq. */
  private async appendAfter(client: PgClient, head: ChainHead, batch: readonly Pending[], at: Date): Promise<boolean> {
    const { rows, end } = chainBatch(head, batch, at);
    const { name, text, params } = appendStatement(rows);
    try {
      await client.query({ name, text, values: params });
    } catch (e) {
      if ((e as { code?: string }).code !== UNIQUE_VIOLATION) throw e;
      this.alone = false;
      return false;
    }
    this.head = end;
    return true;
  }

  /**
   * Begin, take the chain's lock and read its head in one simple query (each statement of it has its own snapshot, so the
   * head is read after the lock is held), the insert(s), the commit.
   */
  private async appendLocked(client: PgClient, batch: readonly Pending[], at: Date): Promise<void> {
    try {
      const begun = (await client.query(
        `START TRANSACTION; SELECT pg_advisory_xact_lock(${CHAIN_LOCK}); SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1`,
      )) as unknown as { rows: { seq: string; hash: string }[] }[];
      const last = begun[2]!.rows[0];
      const found = last ? { seq: BigInt(last.seq), hash: last.hash } : undefined;
      const { rows, end } = chainBatch(found, batch, at);
      for (let i = 0; i < rows.length; i += MAX_ROWS_PER_WRITE) {
        const { tuples, params } = valuesOf(rows.slice(i, i + MAX_ROWS_PER_WRITE), false);
        await client.query(`INSERT INTO audit_event (${COLUMN_LIST}) VALUES ${tuples}`, params);
      }
      await client.query('COMMIT');
      // Alone when the head is still the one this store last wrote (or it has written nothing yet).
      this.alone = this.head === undefined || sameHead(this.head, found);
      this.head = end;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }

  /** Walks the whole chain; names every broken event (empty problems = intact). */
  verify(batch = 5000): Promise<ChainReport> {
    return verifyAuditTable((sql, params) => this.ds.query(sql, params), batch);
  }
}
