/**
 * The statements behind protective-order writes (domain/protective-order-writer.ts), set-based:
 * the stored orders a batch names, their versions kept whole, the new content upserted. Queries only.
 */
import type { EntityManager } from 'typeorm';
import { ProtectiveOrderEntity, ProtectiveOrderVersionEntity } from '../entities';
import { columnName, columns } from './columns';

/** A stored order with who it is about (the restrained person's normalized name and date of birth). */
export type ExistingOrder = Pick<
  ProtectiveOrderEntity,
  'id' | 'agencyOri' | 'orderNumber' | 'contentHash' | 'restrainedOffenderId' | 'protectedPartyName' | 'protectedPartyDob'
> & {
  /** The restrained person's normalized name and date of birth (joined from offender). */
  restrainedNorm: string;
  restrainedDob: string | null;
};

/** The content of one order to store. */
export interface OrderRowWrite {
  readonly id: string;
  readonly agencyOri: string;
  readonly orderNumber: string;
  readonly orderType: string;
  readonly court: string | null;
  readonly issuedOn: string;
  readonly expiresOn: string | null;
  readonly offenderId: string;
  readonly protectedPartyName: string;
  readonly protectedPartyDateOfBirth: string | null;
  readonly hash: string;
}

/** Stored orders by agency + order number (key `agency|number`). */
export async function existingOrders(m: EntityManager, keys: readonly { agencyOri: string; orderNumber: string }[]): Promise<Map<string, ExistingOrder>> {
  const rows = (await m.query(
    `SELECT ${columns(ProtectiveOrderEntity, 'po', ['id', 'agencyOri', 'orderNumber', 'contentHash', 'restrainedOffenderId', 'protectedPartyName', 'protectedPartyDob'])},
            o.norm_name AS "restrainedNorm", to_char(o.date_of_birth, 'YYYY-MM-DD') AS "restrainedDob"
     FROM protective_order po JOIN offender o ON o.id = po.restrained_offender_id
     JOIN unnest($1::text[], $2::text[]) AS k(ori, num) ON po.agency_ori = k.ori AND po.order_number = k.num`,
    [keys.map((d) => d.agencyOri), keys.map((d) => d.orderNumber)],
  )) as ExistingOrder[];
  return new Map(rows.map((r) => [`${r.agencyOri}|${r.orderNumber}`, r]));
}

const VERSION_COLUMNS = (['orderId', 'version', 'record', 'recordedAt'] as const).map((k) => columnName(ProtectiveOrderVersionEntity, k)).join(', ');

/** Keeps the stored version of each of these orders whole (protective_order_version). */
export async function keepVersions(m: EntityManager, orderIds: readonly string[]): Promise<void> {
  if (!orderIds.length) return;
  await m.query(
    `INSERT INTO protective_order_version (${VERSION_COLUMNS})
     SELECT po.id, po.version, to_jsonb(po) - 'content_hash' - 'created_at' - 'updated_at' - 'version', po.updated_at FROM protective_order po WHERE po.id = ANY($1::uuid[])`,
    [orderIds],
  );
}

/** Inserts new orders and updates changed ones (version + 1). */
export async function upsertOrders(m: EntityManager, writes: readonly OrderRowWrite[]): Promise<void> {
  await m.query(
    `INSERT INTO protective_order (id, agency_ori, order_number, order_type, court, issued_on, expires_on, restrained_offender_id, protected_party_name, protected_party_dob, content_hash)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::date[], $8::uuid[], $9::text[], $10::date[], $11::text[])
     ON CONFLICT (agency_ori, order_number) DO UPDATE SET order_type = EXCLUDED.order_type, court = EXCLUDED.court, issued_on = EXCLUDED.issued_on,
       expires_on = EXCLUDED.expires_on, protected_party_name = EXCLUDED.protected_party_name,
       protected_party_dob = EXCLUDED.protected_party_dob, content_hash = EXCLUDED.content_hash, version = protective_order.version + 1, updated_at = now()`,
    [
      writes.map((w) => w.id),
      writes.map((w) => w.agencyOri),
      writes.map((w) => w.orderNumber),
      writes.map((w) => w.orderType),
      writes.map((w) => w.court),
      writes.map((w) => w.issuedOn),
      writes.map((w) => w.expiresOn),
      writes.map((w) => w.offenderId),
      writes.map((w) => w.protectedPartyName),
      writes.map((w) => w.protectedPartyDateOfBirth),
      writes.map((w) => w.hash),
    ],
  );
}
