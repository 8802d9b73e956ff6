/**
 * Writes protective orders, idempotently by agency + order number: the same order recorded again is
 * unchanged; changed details (type, court, dates, spelling) make a new version and the previous one
 * is kept whole (protective_order_version). The same number with another restrained or protected
 * person is a conflict and writes nothing: an order never silently changes whom it is about. The
 * restrained person is matched like an incident's offender, within the recording agency's records.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { normalizeName } from '../model/names';
import type { InputProblem as Problem } from '@ipvi/core';
import type { ProtectiveOrderDraft } from './protective-order-input';
import { lockKeys } from '../repositories/incident-rows';
import { existingOrders, keepVersions, upsertOrders, type ExistingOrder } from '../repositories/protective-order-rows';
import { offenderLockKey, resolveOffenders, type PossibleDuplicate } from './offender-matching';

export type OrderOutcome =
  | { readonly status: 'created' | 'updated' | 'unchanged'; readonly orderId: string; readonly duplicates: readonly PossibleDuplicate[] }
  | { readonly status: 'rejected'; readonly problems: readonly Problem[] }
  /** The stored order is about another restrained or protected person (`field` says which). */
  | { readonly status: 'conflict'; readonly orderId: string; readonly field: 'restrainedOffender' | 'protectedParty' };

interface OrderWrite {
  id: string;
  d: ProtectiveOrderDraft;
  offenderId: string;
  hash: string;
  update: boolean;
}

const keyOf = (d: ProtectiveOrderDraft) => `${d.agencyOri}|${d.orderNumber}`;

function hashOf(d: ProtectiveOrderDraft, offenderId: string): string {
  const canonical = [d.agencyOri, d.orderNumber, d.orderType, d.court, d.issuedOn, d.expiresOn, offenderId, d.protectedPartyName, d.protectedPartyDateOfBirth];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/** Another person: another normalized name, or two known dates of birth that differ (adding a missing one is a correction). */
function otherPerson(name: string, dob: string | null, storedNorm: string, storedDob: string | null): boolean {
  return normalizeName(name) !== storedNorm || (dob !== null && storedDob !== null && dob !== storedDob);
}

/** Which person of a stored order a draft changes, if any (decided before any offender is matched or created). */
function changedPerson(d: ProtectiveOrderDraft, ex: ExistingOrder): 'restrainedOffender' | 'protectedParty' | null {
  const o = d.offender;
  if (o.id ? o.id !== ex.restrainedOffenderId : otherPerson(o.name ?? '', o.dateOfBirth, ex.restrainedNorm, ex.restrainedDob)) return 'restrainedOffender';
  if (otherPerson(d.protectedPartyName, d.protectedPartyDateOfBirth, normalizeName(ex.protectedPartyName), ex.protectedPartyDob)) return 'protectedParty';
  return null;
}

/** Writes a batch of orders with distinct agency + order numbers inside the caller's transaction. */
export async function writeProtectiveOrders(m: EntityManager, drafts: readonly ProtectiveOrderDraft[]): Promise<OrderOutcome[]> {
  if (new Set(drafts.map(keyOf)).size !== drafts.length) throw new Error('writeProtectiveOrders: an order number appears twice in one batch');
  await lockKeys(m, [...drafts.map((d) => `order:${keyOf(d)}`), ...drafts.flatMap((d) => offenderLockKey(d.offender) ?? [])]);
  const existing = await existingOrders(m, drafts);
  const outcomes: (OrderOutcome | undefined)[] = drafts.map((d) => {
    const ex = existing.get(keyOf(d));
    const field = ex ? changedPerson(d, ex) : null;
    return ex && field ? { status: 'conflict', orderId: ex.id, field } : undefined;
  });
  const live = drafts.flatMap((d, i) => (outcomes[i] ? [] : [i]));
  const matches = await resolveOffenders(
    m,
    live.map((i) => ({ offender: drafts[i]!.offender, agency: drafts[i]!.agencyOri })),
  );
  const writes: OrderWrite[] = [];
  live.forEach((i, j) => {
    const d = drafts[i]!;
    const { offenderId, duplicates } = matches[j]!;
    if (!offenderId) return void (outcomes[i] = { status: 'rejected', problems: [{ field: 'restrainedOffender.id', reason: 'is not a known offender' }] });
    const ex = existing.get(keyOf(d));
    // A stored order whose restrained record is not the agency's own (recorded before records had owners) is not re-pointed.
    if (ex && ex.restrainedOffenderId !== offenderId) return void (outcomes[i] = { status: 'conflict', orderId: ex.id, field: 'restrainedOffender' });
    const hash = hashOf(d, offenderId);
    if (ex?.contentHash === hash) return void (outcomes[i] = { status: 'unchanged', orderId: ex.id, duplicates });
    const id = ex?.id ?? d.id ?? randomUUID();
    writes.push({ id, d, offenderId, hash, update: ex !== undefined });
    outcomes[i] = { status: ex ? 'updated' : 'created', orderId: id, duplicates };
  });
  if (writes.length) await saveAll(m, writes);
  return outcomes as OrderOutcome[];
}

/** Keeps the stored version of each updated order whole, then upserts the new content (version + 1). */
async function saveAll(m: EntityManager, writes: readonly OrderWrite[]): Promise<void> {
  await keepVersions(
    m,
    writes.filter((w) => w.update).map((w) => w.id),
  );
  await upsertOrders(
    m,
    writes.map(({ id, d, offenderId, hash }) => ({ ...d, id, offenderId, hash })),
  );
}
