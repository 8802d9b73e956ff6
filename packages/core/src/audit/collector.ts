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
}

const MAX_IDS_PER_ENTRY = 1000;

export class AuditCollector {
  private readonly entries = new Map<string, { action: AuditAction; fieldPath: string; outcome: AuditOutcome; consentId: string | null; ids: Set<string> }>();

  private note(action: AuditAction, fieldPath: string, outcome: AuditOutcome, entityId: string | undefined, consentId: string | null): void {
    const key = `${action}|${fieldPath}|${outcome}|${consentId ?? ''}`;
    let e = this.entries.get(key);
    if (!e) {
      e = { action, fieldPath, outcome, consentId, ids: new Set() };
      this.entries.set(key, e);
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

  get size(): number {
    return this.entries.size;
  }

  /** Takes the collected entries, leaving the collector empty. */
  drain(): AuditEntry[] {
    const out = [...this.entries.values()].map((e) => ({ action: e.action, fieldPath: e.fieldPath, outcome: e.outcome, consentId: e.consentId, entityIds: [...e.ids].sort() }));
    this.entries.clear();
    return out;
  }
}
