/**
 * Appends audit events, hash-chained: each event's hash covers the previous event's hash and every
 * field of the event, so an altered or deleted row breaks the chain. Appends are serialised by an
 * advisory lock inside the inserting transaction. Never stores a value of a field.
 */
import type { PoolClient as PgClient } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { GENESIS_HASH, auditDigest, chainEntries, verifyChain, type AuditRow, type ChainReport } from './chain';
import type { AuditActor, AuditEntry } from './collector';

export { GENESIS_HASH, auditDigest, type AuditRow };
const CHAIN_LOCK = 74110001;
const COLUMNS = [
  'seq',
  'id',
  'at',
  'request_id',
  'subject',
  'role',
  'agency',
  'operation',
  'action',
  'field_path',
  'entity_ids',
  'outcome',
  'consent_id',
  'prev_hash',
  'hash',
] as const;

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

export class AuditStore {
  private pending: Pending[] = [];
  private writing = false;

  constructor(private readonly ds: DataSource) {}

  /**
   * Appends one request's entries; resolves once they are committed, rejects when that write fails.
   * Requests that finish while a write is in flight share the next transaction (group commit), so
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
          await this.write(batch);
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
   * One transaction, in three round trips (a write is on every request's path): begin, take the chain's lock and read its
   * head in one simple query (each statement of it has its own snapshot, so the head is read after the lock is held), then
   * the insert, then the commit. A pg client of TypeORM's pool is used directly: TypeORM's transaction() spends two more
   * round trips (START TRANSACTION and the lock on their own). A failed write discards its connection.
   */
  private async write(batch: readonly Pending[]): Promise<void> {
    const [client, release] = (await (this.ds.driver as PostgresDriver).obtainMasterConnection()) as [PgClient, (e?: unknown) => void];
    let failure: unknown;
    try {
      const begun = (await client.query(
        `START TRANSACTION; SELECT pg_advisory_xact_lock(${CHAIN_LOCK}); SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1`,
      )) as unknown as { rows: { seq: string; hash: string }[] }[];
      const last = begun[2]!.rows;
      let head = last[0] ? { seq: BigInt(last[0].seq), hash: last[0].hash } : undefined;
      const at = new Date();
      const params: unknown[] = [];
      const tuples: string[] = [];
      for (const { actor, entries } of batch) {
        const rows = chainEntries(head, actor, entries, at);
        for (const r of rows) {
          const base = params.length;
          params.push(
            r.seq,
            r.id,
            r.at,
            r.request_id,
            r.subject,
            r.role,
            r.agency,
            r.operation,
            r.action,
            r.field_path,
            r.entity_ids,
            r.outcome,
            r.consent_id,
            r.prev_hash,
            r.hash,
          );
          tuples.push(`(${Array.from({ length: COLUMNS.length }, (_, i) => `$${base + i + 1}`).join(',')})`);
        }
        const end = rows[rows.length - 1]!;
        head = { seq: BigInt(end.seq), hash: end.hash };
      }
      await client.query(`INSERT INTO audit_event (${COLUMNS.join(',')}) VALUES ${tuples.join(',')}`, params);
      await client.query('COMMIT');
    } catch (e) {
      failure = e ?? new Error('audit write failed');
      await client.query('ROLLBACK').catch(() => undefined);
      throw failure;
    } finally {
      release(failure);
    }
  }

  /** Walks the whole chain; names every broken event (empty problems = intact). */
  verify(batch = 5000): Promise<ChainReport> {
    return verifyAuditTable((sql, params) => this.ds.query(sql, params), batch);
  }
}
