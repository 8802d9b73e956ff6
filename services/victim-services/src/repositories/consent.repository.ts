/**
 * Consents to release, scoped through their client to the caller's agency. Recording validates the
 * VAWA rules (domain/consent-rules); revoking takes effect at once and is idempotent.
 */
import { randomUUID } from 'node:crypto';
import { notFound } from '@ipvi/core';
import { validateConsent, type ConsentDataClass, type ConsentInput } from '../domain/consent-rules';
import { uuidsOnly } from '../domain/input';
import type { ClientRepository } from './client.repository';
import { SqlParams, type RepoEnv } from './scope';

export interface ConsentRow {
  id: string;
  clientId: string;
  recipientAgency: string;
  purpose: string;
  dataClasses: ConsentDataClass[];
  signedAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  active: boolean;
  signerName: string;
  guardianName: string | null;
  documentRef: string;
  recordedAt: Date;
}

export class ConsentRepository {
  constructor(private readonly env: RepoEnv, private readonly clients: ClientRepository) {}

  /** Columns, with `active` decided at the request's instant. */
  private columns(p: SqlParams): string {
    const now = p.add(this.env.now());
    return `x.id, x.client_id AS "clientId", x.recipient_agency AS "recipientAgency", x.purpose, x.data_classes AS "dataClasses",
      x.signed_at AS "signedAt", x.expires_at AS "expiresAt", x.revoked_at AS "revokedAt",
      (x.revoked_at IS NULL AND x.signed_at <= ${now}::timestamptz AND x.expires_at > ${now}::timestamptz) AS active,
      x.signer_name AS "signerName", x.guardian_name AS "guardianName", x.document_ref AS "documentRef", x.recorded_at AS "recordedAt"`;
  }

  /** Consents of these clients, newest first. */
  byClientIds(ids: readonly string[]): Promise<ConsentRow[]> {
    return this.clients.children(ids, { table: 'consent', columns: (p) => this.columns(p), orderBy: 'x.client_id, x.signed_at DESC, x.id' });
  }

  async record(input: ConsentInput): Promise<ConsentRow> {
    return this.env.ds.transaction(async (m) => {
      const client = await this.clients.requireVisible(m, input.clientId);
      const c = validateConsent(input, client.dateOfBirth, this.env.now(), this.env.config);
      const p = new SqlParams();
      const values = [randomUUID(), client.id, c.recipientAgency, c.purpose, c.dataClasses, c.signedAt, c.expiresAt, c.signerName, c.guardianName, c.documentRef, this.env.principal.sub, this.env.now()];
      const inserted = values.map(p.add).join(', ');
      const [row] = (await m.query(
        `INSERT INTO consent AS x (id, client_id, recipient_agency, purpose, data_classes, signed_at, expires_at, signer_name, guardian_name, document_ref, recorded_by, recorded_at)
         VALUES (${inserted}) RETURNING ${this.columns(p)}`,
        p.values,
      )) as ConsentRow[];
      return row!;
    });
  }

  /** Revokes at the request's instant; a revoked consent stays as it was. Another agency's consent is NOT_FOUND. */
  async revoke(consentId: string): Promise<ConsentRow> {
    return this.env.ds.transaction(async (m) => {
      const p = new SqlParams();
      const found = (await m.query(
        `SELECT x.id FROM consent x JOIN client c ON c.id = x.client_id WHERE x.id = ANY(${p.add(uuidsOnly([consentId]))}::uuid[]) AND ${this.clients.scope(p)} FOR UPDATE OF x`,
        p.values,
      )) as { id: string }[];
      if (found.length === 0) throw notFound('Consent');
      const q = new SqlParams();
      const [rows] = (await m.query(
        `UPDATE consent x SET revoked_at = coalesce(x.revoked_at, ${q.add(this.env.now())}), revoked_by = coalesce(x.revoked_by, ${q.add(this.env.principal.sub)})
         WHERE x.id = ${q.add(found[0]!.id)} RETURNING ${this.columns(q)}`,
        q.values,
      )) as [ConsentRow[]];
      return rows[0]!;
    });
  }
}
