/**
 * Appends audit events, hash-chained: each event's hash covers the previous event's hash and every
 * field of the event, so an altered or deleted row breaks the chain. Appends are serialised by an
 * advisory lock inside the inserting transaction. Never stores a value of a field.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AuditActor, AuditEntry } from './collector';

export const GENESIS_HASH = 'GENESIS';
const CHAIN_LOCK = 74110001;

export interface AuditRow {
  seq: string;
  id: string;
  at: Date;
  request_id: string;
  subject: string;
  role: string;
  agency: string;
  operation: string | null;
  action: string;
  field_path: string;
  entity_ids: string[];
  outcome: string;
  consent_id: string | null;
  prev_hash: string;
  hash: string;
}

/** The canonical text a hash covers. One definition, used to write and to verify. */
export function auditDigest(prevHash: string, r: Omit<AuditRow, 'prev_hash' | 'hash'>): string {
  const text = [
    prevHash, r.seq, r.id, r.at.toISOString(), r.request_id, r.subject, r.role, r.agency, r.operation ?? '',
    r.action, r.field_path, JSON.stringify(r.entity_ids), r.outcome, r.consent_id ?? '',
  ].join('\u001f');
  return createHash('sha256').update(text).digest('hex');
}

export class AuditStore {
  constructor(private readonly ds: DataSource) {}

  async append(actor: AuditActor, entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.ds.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
      const last = (await m.query('SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1')) as { seq: string; hash: string }[];
      let prev = last[0]?.hash ?? GENESIS_HASH;
      let seq = BigInt(last[0]?.seq ?? '0');
      const at = new Date();
      const cols = 15;
      const params: unknown[] = [];
      const tuples: string[] = [];
      for (const e of entries) {
        seq += 1n;
        const row = {
          seq: seq.toString(), id: randomUUID(), at, request_id: actor.requestId, subject: actor.subject, role: actor.role,
          agency: actor.agency, operation: actor.operation, action: e.action, field_path: e.fieldPath,
          entity_ids: [...e.entityIds], outcome: e.outcome, consent_id: e.consentId,
        };
        const hash = auditDigest(prev, row);
        const base = params.length;
        tuples.push(`(${Array.from({ length: cols }, (_, i) => `$${base + i + 1}`).join(',')})`);
        params.push(row.seq, row.id, row.at, row.request_id, row.subject, row.role, row.agency, row.operation, row.action, row.field_path, row.entity_ids, row.outcome, row.consent_id, prev, hash);
        prev = hash;
      }
      await m.query(
        `INSERT INTO audit_event (seq,id,at,request_id,subject,role,agency,operation,action,field_path,entity_ids,outcome,consent_id,prev_hash,hash) VALUES ${tuples.join(',')}`,
        params,
      );
    });
  }

  /** Walks the whole chain; returns the problems found (empty = intact). */
  async verify(batch = 5000): Promise<{ checked: number; problems: string[] }> {
    const problems: string[] = [];
    let prev = GENESIS_HASH;
    let after = '0';
    let checked = 0;
    for (;;) {
      const rows = (await this.ds.query('SELECT * FROM audit_event WHERE seq > $1 ORDER BY seq LIMIT $2', [after, batch])) as AuditRow[];
      if (rows.length === 0) break;
      for (const r of rows) {
        checked++;
        if (r.prev_hash !== prev) problems.push(`event ${r.seq}: previous-hash link broken (a row before it was altered or deleted)`);
        if (auditDigest(r.prev_hash, r) !== r.hash) problems.push(`event ${r.seq}: contents do not match its hash (altered)`);
        prev = r.hash;
        after = r.seq;
      }
    }
    return { checked, problems };
  }
}
