/** Referrals of clients to services (shelter, legal, counselling, housing, ...). Never conditional on a consent. */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { notFound } from '@ipvi/core';
import { text, uuidsOnly } from '../domain/input';
import type { ClientRepository } from './client.repository';
import { SqlParams, type RepoEnv } from './scope';

export interface ServiceReferralRow {
  id: string;
  clientId: string;
  kind: string;
  provider: string | null;
  status: string;
  notes: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `x.id, x.client_id AS "clientId", x.kind, x.provider, x.status, x.notes, x.created_at AS "createdAt", x.updated_at AS "updatedAt"`;

export class ServiceReferralRepository {
  constructor(private readonly env: RepoEnv, private readonly clients: ClientRepository) {}

  byClientIds(ids: readonly string[]): Promise<ServiceReferralRow[]> {
    return this.clients.children(ids, { table: 'service_referral', columns: COLUMNS, orderBy: 'x.client_id, x.created_at, x.id' });
  }

  async create(input: { clientId: string; kind: string; provider?: string | null; status?: string | null; notes?: string | null }): Promise<ServiceReferralRow> {
    const provider = text('input.provider', input.provider ?? null, 200);
    const notes = text('input.notes', input.notes ?? null, 4000);
    return this.env.ds.transaction(async (m) => {
      const client = await this.clients.requireVisible(m, input.clientId);
      const now = this.env.now();
      const p = new SqlParams();
      const [row] = (await m.query(
        `INSERT INTO service_referral AS x (id, client_id, kind, provider, status, notes, created_by, created_at, updated_at)
         VALUES (${[randomUUID(), client.id, input.kind, provider, input.status ?? 'REQUESTED', notes, this.env.principal.sub, now, now].map(p.add).join(', ')})
         RETURNING ${COLUMNS}`,
        p.values,
      )) as ServiceReferralRow[];
      return row!;
    });
  }

  async update(input: { serviceReferralId: string; status: string; provider?: string | null; notes?: string | null }): Promise<ServiceReferralRow> {
    const has = (k: string) => Object.prototype.hasOwnProperty.call(input, k);
    return this.env.ds.transaction(async (m) => {
      await this.requireVisible(m, input.serviceReferralId);
      const p = new SqlParams();
      const sets = [`status = ${p.add(input.status)}`, `updated_at = ${p.add(this.env.now())}`];
      if (has('provider')) sets.push(`provider = ${p.add(text('input.provider', input.provider ?? null, 200))}`);
      if (has('notes')) sets.push(`notes = ${p.add(text('input.notes', input.notes ?? null, 4000))}`);
      const [rows] = (await m.query(`UPDATE service_referral x SET ${sets.join(', ')} WHERE x.id = ${p.add(input.serviceReferralId)} RETURNING ${COLUMNS}`, p.values)) as [ServiceReferralRow[]];
      return rows[0]!;
    });
  }

  private async requireVisible(m: EntityManager, id: string): Promise<void> {
    const p = new SqlParams();
    const rows = (await m.query(
      `SELECT x.id FROM service_referral x JOIN client c ON c.id = x.client_id WHERE x.id = ANY(${p.add(uuidsOnly([id]))}::uuid[]) AND ${this.clients.scope(p)} FOR UPDATE OF x`,
      p.values,
    )) as unknown[];
    if (rows.length === 0) throw notFound('ServiceReferral');
  }
}
