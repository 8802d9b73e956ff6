/**
 * Collects what one request touched (reads of classified fields, denials, writes) and hands it to
 * the audit store once, at the end of the request: a list query writes one row per field path and
 * outcome, with the entity ids gathered in it, not one row per field value.
 */
export type AuditOutcome = 'ALLOWED' | 'DENIED' | 'WRITTEN' | 'FAILED';
export type AuditAction = 'READ' | 'WRITE' | 'AUTHENTICATE';

export interface AuditEntry {
  readonly action: AuditAction;
  readonly fieldPath: string;
  readonly outcome: AuditOutcome;
  readonly entityIds: readonly string[];
  readonly consentId: string | null;
}

/** Who did it, for every entry of one request. */
export interface AuditActor {
  readonly requestId: string;
  readonly subject: string;
  readonly role: string;
  readonly agency: string;
  readonly operation: string | null;
  /** The client's own request id (gateway file trail only; the database trail has no column for it). */
  readonly correlationId?: string;
}

const MAX_IDS_PER_ENTRY = 1000;

interface Collected {
  readonly action: AuditAction;
  readonly outcome: AuditOutcome;
  readonly consentId: string | null;
  readonly ids: Set<string>;
}

export class AuditCollector {
  /** By field path, the (few) kinds of entry noted for it. Called for every value of a list: no string building here. */
  private readonly entries = new Map<string, Collected[]>();
  private count = 0;

  private note(action: AuditAction, fieldPath: string, outcome: AuditOutcome, entityId: string | undefined, consentId: string | null): void {
    let kinds = this.entries.get(fieldPath);
    if (!kinds) this.entries.set(fieldPath, (kinds = []));
    let e = kinds.find((k) => k.action === action && k.outcome === outcome && k.consentId === consentId);
    if (!e) {
      kinds.push((e = { action, outcome, consentId, ids: new Set() }));
      this.count++;
    }
    if (entityId !== undefined && e.ids.size < MAX_IDS_PER_ENTRY) e.ids.add(entityId);
  }

  read(fieldPath: string, entityId?: string, consentId: string | null = null): void {
    this.note('READ', fieldPath, 'ALLOWED', entityId, consentId);
  }
  denied(fieldPath: string, entityId?: string, action: AuditAction = 'READ'): void {
    this.note(action, fieldPath, 'DENIED', entityId, null);
  }
  wrote(fieldPath: string, entityIds: readonly string[]): void {
    for (const id of entityIds) this.note('WRITE', fieldPath, 'WRITTEN', id, null);
    if (entityIds.length === 0) this.note('WRITE', fieldPath, 'WRITTEN', undefined, null);
  }
  /** An attempt that was allowed but did not complete (a write that threw, say). */
  failed(fieldPath: string, action: AuditAction): void {
    this.note(action, fieldPath, 'FAILED', undefined, null);
  }

  get size(): number {
    return this.count;
  }

  /** Takes the collected entries, leaving the collector empty. */
  drain(): AuditEntry[] {
    const out: AuditEntry[] = [];
    for (const [fieldPath, kinds] of this.entries) {
      for (const k of kinds) out.push({ action: k.action, fieldPath, outcome: k.outcome, consentId: k.consentId, entityIds: [...k.ids].sort() });
    }
    this.entries.clear();
    this.count = 0;
    return out;
  }
}
