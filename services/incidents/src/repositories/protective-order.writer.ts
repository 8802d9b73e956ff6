/**
 * Writes protective orders, idempotently by agency + order number: the same order recorded again is
 * unchanged; changed details update it in place. The restrained offender is matched like an incident's.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Problem } from '../validation/fields';
import type { ProtectiveOrderDraft } from '../validation/protective-order';
import { lockKeys } from './incident-rows';
import { offenderLockKey, resolveOffenders, type PossibleDuplicate } from './offender-resolver';

export type OrderOutcome =
  | { readonly status: 'created' | 'updated' | 'unchanged'; readonly orderId: string; readonly duplicates: readonly PossibleDuplicate[] }
  | { readonly status: 'rejected'; readonly problems: readonly Problem[] };

const keyOf = (d: ProtectiveOrderDraft) => `${d.agencyOri}|${d.orderNumber}`;

function hashOf(d: ProtectiveOrderDraft, offenderId: string): string {
  const canonical = [d.agencyOri, d.orderNumber, d.orderType, d.court, d.issuedOn, d.expiresOn, offenderId, d.protectedPartyName, d.protectedPartyDateOfBirth];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/** Writes a batch of orders with distinct agency + order numbers inside the caller's transaction. */
export async function writeProtectiveOrders(m: EntityManager, drafts: readonly ProtectiveOrderDraft[]): Promise<OrderOutcome[]> {
  if (new Set(drafts.map(keyOf)).size !== drafts.length) throw new Error('writeProtectiveOrders: an order number appears twice in one batch');
  await lockKeys(m, [...drafts.map((d) => `order:${keyOf(d)}`), ...drafts.flatMap((d) => offenderLockKey(d.offender) ?? [])]);
  const existing = new Map(
    ((await m.query(
      `SELECT po.id, po.agency_ori, po.order_number, po.content_hash FROM protective_order po
       JOIN unnest($1::text[], $2::text[]) AS k(ori, num) ON po.agency_ori = k.ori AND po.order_number = k.num`,
      [drafts.map((d) => d.agencyOri), drafts.map((d) => d.orderNumber)],
    )) as { id: string; agency_ori: string; order_number: string; content_hash: string }[]).map((r) => [`${r.agency_ori}|${r.order_number}`, r]),
  );
  const matches = await resolveOffenders(m, drafts.map((d) => d.offender));
  const writes: { id: string; d: ProtectiveOrderDraft; offenderId: string; hash: string }[] = [];
  const outcomes = drafts.map((d, i): OrderOutcome => {
    const { offenderId, duplicates } = matches[i]!;
    if (!offenderId) return { status: 'rejected', problems: [{ field: 'restrainedOffender.id', reason: 'is not a known offender' }] };
    const ex = existing.get(keyOf(d));
    const hash = hashOf(d, offenderId);
    if (ex?.content_hash === hash) return { status: 'unchanged', orderId: ex.id, duplicates };
    const id = ex?.id ?? d.id ?? randomUUID();
    writes.push({ id, d, offenderId, hash });
    return { status: ex ? 'updated' : 'created', orderId: id, duplicates };
  });
  if (writes.length) {
    await m.query(
      `INSERT INTO protective_order (id, agency_ori, order_number, order_type, court, issued_on, expires_on, restrained_offender_id, protected_party_name, protected_party_dob, content_hash)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::date[], $8::uuid[], $9::text[], $10::date[], $11::text[])
       ON CONFLICT (agency_ori, order_number) DO UPDATE SET order_type = EXCLUDED.order_type, court = EXCLUDED.court, issued_on = EXCLUDED.issued_on,
         expires_on = EXCLUDED.expires_on, restrained_offender_id = EXCLUDED.restrained_offender_id, protected_party_name = EXCLUDED.protected_party_name,
         protected_party_dob = EXCLUDED.protected_party_dob, content_hash = EXCLUDED.content_hash, updated_at = now()`,
      [
        writes.map((w) => w.id), writes.map((w) => w.d.agencyOri), writes.map((w) => w.d.orderNumber), writes.map((w) => w.d.orderType), writes.map((w) => w.d.court),
        writes.map((w) => w.d.issuedOn), writes.map((w) => w.d.expiresOn), writes.map((w) => w.offenderId), writes.map((w) => w.d.protectedPartyName),
        writes.map((w) => w.d.protectedPartyDateOfBirth), writes.map((w) => w.hash),
      ],
    );
  }
  return outcomes;
}
