/** Clients: the advocates' own victim records, scoped to the caller's agency in every statement. */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { InputError, connectionOf, notFound, pageOf, type Connection, type PageArgs } from '@ipvi/core';
import { clientColumns, conflictOnUnique, type ClientChild, type ClientDetailsInput, type ContactMethod } from '../domain/client-input';
import { instantIdCursor, isUuid, uuidsOnly } from '../domain/input';
import type { ReferralRepository } from './referral.repository';
import { SqlParams, visibleAgencies, type RepoEnv } from './scope';

export interface ClientRow {
  id: string;
  name: string;
  dateOfBirth: string | null;
  preferredLanguage: string | null;
  safeToContact: boolean;
  contactMethods: ContactMethod[];
  address: string | null;
  shelter: string | null;
  children: ClientChild[];
  incidentVictimId: string | null;
  referralId: string | null;
  assignedAdvocate: string | null;
  createdAt: Date;
}

export interface CreateClientInput extends ClientDetailsInput {
  referralId?: string | null;
  incidentVictimId?: string | null;
  name: string;
}

export const CLIENT_COLUMNS = `c.id, c.name, to_char(c.date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth", c.preferred_language AS "preferredLanguage",
  c.safe_to_contact AS "safeToContact", c.contact_methods AS "contactMethods", c.address, c.shelter, c.children,
  c.incident_victim_id AS "incidentVictimId", c.referral_id AS "referralId", c.assigned_advocate AS "assignedAdvocate", c.created_at AS "createdAt"`;
const DUPLICATE = 'the agency already has a client for this victim party';

export class ClientRepository {
  constructor(private readonly env: RepoEnv, private readonly referrals: ReferralRepository) {}

  /** SQL condition: the client row `c` is in the caller's scope. */
  scope(p: SqlParams, c = 'c'): string {
    return `${c}.advocacy_agency = ANY(${p.add(visibleAgencies(this.env.principal, this.env.config))}::text[])`;
  }

  /** Rows of a table hanging off clients (alias `x`, column `client_id`) for these clients, within the caller's scope. */
  async children<T>(ids: readonly string[], q: { table: string; columns: string | ((p: SqlParams) => string); orderBy: string; distinctOn?: string }): Promise<T[]> {
    const p = new SqlParams();
    const columns = typeof q.columns === 'string' ? q.columns : q.columns(p);
    const distinct = q.distinctOn ? `DISTINCT ON (${q.distinctOn})` : '';
    return this.env.ds.query(
      `SELECT ${distinct} ${columns} FROM ${q.table} x JOIN client c ON c.id = x.client_id
       WHERE x.client_id = ANY(${p.add(uuidsOnly(ids))}::uuid[]) AND ${this.scope(p)} ORDER BY ${q.orderBy}`,
      p.values,
    );
  }

  async byIds(ids: readonly string[]): Promise<ClientRow[]> {
    const p = new SqlParams();
    return this.env.ds.query(`SELECT ${CLIENT_COLUMNS} FROM client c WHERE c.id = ANY(${p.add(uuidsOnly(ids))}::uuid[]) AND ${this.scope(p)}`, p.values);
  }

  async byReferralIds(ids: readonly string[]): Promise<ClientRow[]> {
    const p = new SqlParams();
    return this.env.ds.query(
      `SELECT ${CLIENT_COLUMNS} FROM client c WHERE c.referral_id = ANY(${p.add(uuidsOnly(ids))}::uuid[]) AND ${this.scope(p)} ORDER BY c.created_at, c.id`,
      p.values,
    );
  }

  /** The client if the caller may see it (locked inside `m`), else NOT_FOUND exactly as for a missing one. */
  async requireVisible(m: EntityManager, id: string): Promise<ClientRow> {
    const p = new SqlParams();
    const [row] = (await m.query(`SELECT ${CLIENT_COLUMNS} FROM client c WHERE c.id = ANY(${p.add(uuidsOnly([id]))}::uuid[]) AND ${this.scope(p)} FOR UPDATE`, p.values)) as ClientRow[];
    if (!row) throw notFound('Client');
    return row;
  }

  async page(args: PageArgs, assignedToMe: boolean | null | undefined): Promise<Connection<ClientRow>> {
    const page = pageOf(args);
    const p = new SqlParams();
    const where = [this.scope(p)];
    if (assignedToMe) where.push(`c.assigned_advocate = ${p.add(this.env.principal.sub)}`);
    const [{ n }] = (await this.env.ds.query(`SELECT count(*)::int AS n FROM client c WHERE ${where.join(' AND ')}`, p.values)) as [{ n: number }];
    const after = instantIdCursor(page.after);
    if (after) where.push(`(c.created_at, c.id) < (${p.add(after[0])}::timestamptz, ${p.add(after[1])}::uuid)`);
    const rows = (await this.env.ds.query(
      `SELECT ${CLIENT_COLUMNS} FROM client c WHERE ${where.join(' AND ')} ORDER BY c.created_at DESC, c.id DESC LIMIT ${page.limit + 1}`,
      p.values,
    )) as ClientRow[];
    return connectionOf(rows, page.limit, n, (r) => [r.createdAt.toISOString(), r.id]);
  }

  async create(input: CreateClientInput): Promise<ClientRow> {
    const { principal, now } = this.env;
    return this.env.ds.transaction(async (m) => {
      const link = await this.victimLink(m, input);
      const cols = clientColumns({ assignedAdvocate: principal.sub, ...input, dateOfBirth: input.dateOfBirth ?? link?.dateOfBirth ?? null });
      const at = now();
      const all = new Map<string, unknown>([['id', randomUUID()], ['advocacy_agency', principal.agency], ['referral_id', link?.referralId ?? null],
        ['incident_victim_id', link?.incidentVictimId ?? null], ['created_at', at], ['updated_at', at], ...cols]);
      const p = new SqlParams();
      const values = [...all.values()].map((v) => p.add(v));
      const [row] = (await m
        .query(`INSERT INTO client AS c (${[...all.keys()].join(', ')}) VALUES (${values.join(', ')}) RETURNING ${CLIENT_COLUMNS}`, p.values)
        .catch(conflictOnUnique(DUPLICATE))) as ClientRow[];
      return row!;
    });
  }

  async update(input: ClientDetailsInput & { clientId: string }): Promise<ClientRow> {
    const { clientId, ...details } = input;
    return this.env.ds.transaction(async (m) => {
      await this.requireVisible(m, clientId);
      const cols = clientColumns(details);
      const p = new SqlParams();
      const sets = [...cols].map(([k, v]) => `${k} = ${p.add(v)}`);
      sets.push(`updated_at = ${p.add(this.env.now())}`);
      const [rows] = (await m.query(`UPDATE client c SET ${sets.join(', ')} WHERE c.id = ${p.add(clientId)} RETURNING ${CLIENT_COLUMNS}`, p.values)) as [ClientRow[]];
      return rows[0]!;
    });
  }

  /** The referral and police-recorded victim party a new client is linked to (of the caller's agency only). */
  private async victimLink(m: EntityManager, input: CreateClientInput): Promise<{ referralId: string; incidentVictimId: string | null; dateOfBirth: string | null } | undefined> {
    const referral = input.referralId ? await this.referrals.requireVisible(m, input.referralId) : undefined;
    if (!input.incidentVictimId) return referral ? { referralId: referral.id, incidentVictimId: null, dateOfBirth: null } : undefined;
    const p = new SqlParams();
    const victimId = isUuid(input.incidentVictimId) ? input.incidentVictimId : null;
    const [victim] = (await m.query(
      `SELECT v.referral_id AS "referralId", v.incident_victim_id AS "incidentVictimId", to_char(v.date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth"
       FROM referred_victim v JOIN referral r ON r.id = v.referral_id
       WHERE v.incident_victim_id = ${p.add(victimId)}::uuid AND r.advocacy_agency = ${p.add(this.env.principal.agency)}
         ${referral ? `AND r.id = ${p.add(referral.id)}` : ''}
       ORDER BY r.referred_at DESC LIMIT 1`,
      p.values,
    )) as { referralId: string; incidentVictimId: string; dateOfBirth: string | null }[];
    if (!victim) throw new InputError('input.incidentVictimId', referral ? 'is not a victim party of this referral' : "is not a victim party of a referral to the caller's agency");
    return victim;
  }
}
