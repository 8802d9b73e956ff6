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
import type { Problem } from '../validation/fields';
import type { ProtectiveOrderDraft } from '../validation/protective-order';
import { lockKeys } from './incident-rows';
import { offenderLockKey, resolveOffenders, type PossibleDuplicate } from './offender-resolver';

export type OrderOutcome =
  | { readonly status: 'created' | 'updated' | 'unchanged'; readonly orderId: string; readonly duplicates: readonly PossibleDuplicate[] }
  | { readonly status: 'rejected'; readonly problems: readonly Problem[] }
  /** The stored order is about another restrained or protected person (`field` says which). */
  | { readonly status: 'conflict'; readonly orderId: string; readonly field: 'restrainedOffender' | 'protectedParty' };

interface ExistingOrder {
  id: string;
  agency_ori: string;
  order_number: string;
  content_hash: string;
  restrained_offender_id: string;
  restrained_norm: string;
  restrained_dob: string | null;
  protected_party_name: string;
  protected_party_dob: string | null;
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
  if (o.id ? o.id !== ex.restrained_offender_id : otherPerson(o.name ?? '', o.dateOfBirth, ex.restrained_norm, ex.restrained_dob)) return 'restrainedOffender';
  if (otherPerson(d.protectedPartyName, d.protectedPartyDateOfBirth, normalizeName(ex.protected_party_name), ex.protected_party_dob)) return 'protectedParty';
  return null;
}

async function existingOrders(m: EntityManager, drafts: readonly ProtectiveOrderDraft[]): Promise<Map<string, ExistingOrder>> {
  const rows = (await m.query(
    `SELECT po.id, po.agency_ori, po.order_number, po.content_hash, po.restrained_offender_id, o.norm_name AS restrained_norm,
            to_char(o.date_of_birth, 'YYYY-MM-DD') AS restrained_dob, po.protected_party_name, to_char(po.protected_party_dob, 'YYYY-MM-DD') AS protected_party_dob
     FROM protective_order po JOIN offender o ON o.id = po.restrained_offender_id
     JOIN unnest($1::text[], $2::text[]) AS k(ori, num) ON po.agency_ori = k.ori AND po.order_number = k.num`,
    [drafts.map((d) => d.agencyOri), drafts.map((d) => d.orderNumber)],
  )) as ExistingOrder[];
  return new Map(rows.map((r) => [`${r.agency_ori}|${r.order_number}`, r]));
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
  const matches = await resolveOffenders(m, live.map((i) => ({ offender: drafts[i]!.offender, agency: drafts[i]!.agencyOri })));
  const writes: { id: string; d: ProtectiveOrderDraft; offenderId: string; hash: string; update: boolean }[] = [];
  live.forEach((i, j) => {
    const d = drafts[i]!;
    const { offenderId, duplicates } = matches[j]!;
    if (!offenderId) return void (outcomes[i] = { status: 'rejected', problems: [{ field: 'restrainedOffender.id', reason: 'is not a known offender' }] });
    const ex = existing.get(keyOf(d));
    // A stored order whose restrained record is not the agency's own (recorded before records had owners) is not re-pointed.
    if (ex && ex.restrained_offender_id !== offenderId) return void (outcomes[i] = { status: 'conflict', orderId: ex.id, field: 'restrainedOffender' });
    const hash = hashOf(d, offenderId);
    if (ex?.content_hash === hash) return void (outcomes[i] = { status: 'unchanged', orderId: ex.id, duplicates });
    const id = ex?.id ?? d.id ?? randomUUID();
    writes.push({ id, d, offenderId, hash, update: ex !== undefined });
    outcomes[i] = { status: ex ? 'updated' : 'created', orderId: id, duplicates };
  });
  if (writes.length) await saveOrders(m, writes);
  return outcomes as OrderOutcome[];
}

/** Keeps the stored version of each updated order whole, then upserts the new content (version + 1). */
async function saveOrders(m: EntityManager, writes: readonly { id: string; d: ProtectiveOrderDraft; offenderId: string; hash: string; update: boolean }[]): Promise<void> {
  const updated = writes.filter((w) => w.update).map((w) => w.id);
  if (updated.length) {
    await m.query(
      `INSERT INTO protective_order_version (order_id, version, record, recorded_at)
       SELECT po.id, po.version, to_jsonb(po) - 'content_hash' - 'created_at' - 'updated_at' - 'version', po.updated_at FROM protective_order po WHERE po.id = ANY($1::uuid[])`,
      [updated],
    );
  }
  await m.query(
    `INSERT INTO protective_order (id, agency_ori, order_number, order_type, court, issued_on, expires_on, restrained_offender_id, protected_party_name, protected_party_dob, content_hash)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::date[], $8::uuid[], $9::text[], $10::date[], $11::text[])
     ON CONFLICT (agency_ori, order_number) DO UPDATE SET order_type = EXCLUDED.order_type, court = EXCLUDED.court, issued_on = EXCLUDED.issued_on,
       expires_on = EXCLUDED.expires_on, protected_party_name = EXCLUDED.protected_party_name,
       protected_party_dob = EXCLUDED.protected_party_dob, content_hash = EXCLUDED.content_hash, version = protective_order.version + 1, updated_at = now()`,
    [
      writes.map((w) => w.id), writes.map((w) => w.d.agencyOri), writes.map((w) => w.d.orderNumber), writes.map((w) => w.d.orderType), writes.map((w) => w.d.court),
      writes.map((w) => w.d.issuedOn), writes.map((w) => w.d.expiresOn), writes.map((w) => w.offenderId), writes.map((w) => w.d.protectedPartyName),
      writes.map((w) => w.d.protectedPartyDateOfBirth), writes.map((w) => w.hash),
    ],
  );
}
