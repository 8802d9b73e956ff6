/**
 * The hash chain of an audit trail, in one place: the text an event's hash covers, and the walk that
 * verifies a trail (a database table or the gateway's file), naming every broken event.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { AuditActor, AuditEntry } from './collector';

export const GENESIS_HASH = 'GENESIS';

/** One stored audit event (the columns of audit_event; the gateway's file stores the same keys). */
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
  /** A client's own request id, kept apart from ours (only the gateway's file records it). */
  correlation_id?: string;
  prev_hash: string;
  hash: string;
}

/** The canonical text a hash covers. One definition, used to write and to verify. */
export function auditDigest(prevHash: string, r: Omit<AuditRow, 'prev_hash' | 'hash'>): string {
  const text = [
    prevHash,
    r.seq,
    r.id,
    r.at.toISOString(),
    r.request_id,
    r.subject,
    r.role,
    r.agency,
    r.operation ?? '',
    r.action,
    r.field_path,
    JSON.stringify(r.entity_ids),
    r.outcome,
    r.consent_id ?? '',
    ...(r.correlation_id === undefined ? [] : [r.correlation_id]),
  ].join('\u001f');
  return createHash('sha256').update(text).digest('hex');
}

export interface ChainReport {
  readonly checked: number;
  /** One line per broken event, naming it by seq and id; empty when the chain is intact. */
  readonly problems: string[];
  /** The last event: record it elsewhere to detect a later truncation of the tail. */
  readonly head: { readonly seq: string; readonly hash: string } | undefined;
}

/** Walks a trail in seq order: contiguous seq, each event linked to the one before, each hash matching its contents. */
export async function verifyChain(rows: AsyncIterable<AuditRow> | Iterable<AuditRow>): Promise<ChainReport> {
  const problems: string[] = [];
  let prevHash = GENESIS_HASH;
  let prevSeq = 0n;
  let checked = 0;
  let head: ChainReport['head'];
  for await (const r of rows) {
    checked++;
    const seq = BigInt(r.seq);
    const name = `event ${r.seq} (${r.id})`;
    if (seq !== prevSeq + 1n) problems.push(`${name}: events ${prevSeq + 1n}..${seq - 1n} are missing (deleted)`);
    if (r.prev_hash !== prevHash) problems.push(`${name}: link to the previous event is broken (an event before it was altered or deleted)`);
    if (auditDigest(r.prev_hash, r) !== r.hash) problems.push(`${name}: contents do not match its hash (altered)`);
    prevHash = r.hash;
    prevSeq = seq;
    head = { seq: r.seq, hash: r.hash };
  }
  return { checked, problems, head };
}

/** The end of a trail that new events chain on to. */
export interface ChainHead {
  readonly seq: bigint;
  readonly hash: string;
}

/** Turns one request's entries into the next events of a trail, each hashed onto the one before. */
export function chainEntries(head: ChainHead | undefined, actor: AuditActor, entries: readonly AuditEntry[], at: Date): AuditRow[] {
  let prev = head?.hash ?? GENESIS_HASH;
  let seq = head?.seq ?? 0n;
  return entries.map((e) => {
    seq += 1n;
    const row = {
      seq: seq.toString(),
      id: randomUUID(),
      at,
      request_id: actor.requestId,
      subject: actor.subject,
      role: actor.role,
      agency: actor.agency,
      operation: actor.operation,
      action: e.action,
      field_path: e.fieldPath,
      entity_ids: [...e.entityIds],
      outcome: e.outcome,
      consent_id: e.consentId,
      ...(actor.correlationId === undefined ? {} : { correlation_id: actor.correlationId }),
    };
    const hash = auditDigest(prev, row);
    const out = { ...row, prev_hash: prev, hash };
    prev = hash;
    return out;
  });
}
