/**
 * Service principals (the feed consumers) poll all day: auditing each poll field by field buried the
 * real reads (issue 12). Their reads are audited as one row per batch: an empty poll writes nothing,
 * a poll that read something writes one READ row naming every entity it read (events, people). Their
 * denials, writes and failures are kept as they are, like everyone's. People's requests are not
 * touched: every person read, write and denial keeps its rows.
 */
import type { AuditEntry } from './collector';

const MAX_IDS = 1000;

function rootFirst(a: string, b: string): number {
  const ra = a.startsWith('Query.') ? 0 : 1;
  const rb = b.startsWith('Query.') ? 0 : 1;
  return ra - rb || a.localeCompare(b);
}

/** A service principal's entries for one request: allowed reads collapsed into one row, or none when nothing was read. */
export function batchServiceReads(entries: readonly AuditEntry[]): AuditEntry[] {
  const reads = entries.filter((e) => e.action === 'READ' && e.outcome === 'ALLOWED' && e.consentId === null);
  const kept = entries.filter((e) => !reads.includes(e));
  const ids = new Set<string>();
  for (const r of reads) for (const id of r.entityIds) if (ids.size < MAX_IDS) ids.add(id);
  if (ids.size === 0) return kept;
  const fieldPath = reads.map((r) => r.fieldPath).sort(rootFirst)[0]!;
  return [{ action: 'READ', fieldPath, outcome: 'ALLOWED', consentId: null, entityIds: [...ids].sort() }, ...kept];
}
