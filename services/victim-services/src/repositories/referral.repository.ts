/** Referrals, scoped to the caller's advocacy agency: nobody outside it learns a referral exists. */
import type { EntityManager } from 'typeorm';
import { InputError, connectionOf, notFound, pageOf, type Connection, type PageArgs } from '@ipvi/core';
import { instantIdCursor, uuidsOnly } from '../domain/input';
import { SqlParams, visibleAgencies, type RepoEnv } from './scope';

export type ReferralState = 'NEW' | 'ATTEMPTING' | 'CONTACTED' | 'CLOSED';

export interface ReferralRow {
  id: string;
  incidentId: string;
  state: ReferralState;
  referredAt: Date;
  firstContactAt: Date | null;
  policeAgency: string | null;
  incidentOccurredAt: Date | null;
  offenderIds: string[];
  attempts: number;
}

export interface ReferredVictimRow {
  referralId: string;
  incidentVictimId: string;
  name: string | null;
  dateOfBirth: string | null;
  phone: string | null;
}

export interface ReferralFilter {
  states?: readonly ReferralState[] | null;
  noContactForHours?: number | null;
}

export const REFERRAL_COLUMNS = `r.id, r.incident_id AS "incidentId", r.state, r.referred_at AS "referredAt", r.first_contact_at AS "firstContactAt",
  r.police_agency AS "policeAgency", r.incident_occurred_at AS "incidentOccurredAt", r.offender_ids AS "offenderIds",
  (SELECT count(*)::int FROM outreach_attempt a WHERE a.referral_id = r.id) AS attempts`;
const MAX_HOURS = 24 * 366;

export class ReferralRepository {
  constructor(private readonly env: RepoEnv) {}

  private scope(p: SqlParams, r = 'r'): string {
    return `${r}.advocacy_agency = ANY(${p.add(visibleAgencies(this.env.principal, this.env.config))}::text[])`;
  }

  async byIds(ids: readonly string[]): Promise<ReferralRow[]> {
    const p = new SqlParams();
    return this.env.ds.query(`SELECT ${REFERRAL_COLUMNS} FROM referral r WHERE r.id = ANY(${p.add(uuidsOnly(ids))}::uuid[]) AND ${this.scope(p)}`, p.values);
  }

  async byIncidentIds(incidentIds: readonly string[]): Promise<ReferralRow[]> {
    const p = new SqlParams();
    return this.env.ds.query(`SELECT ${REFERRAL_COLUMNS} FROM referral r WHERE r.incident_id = ANY(${p.add(uuidsOnly(incidentIds))}::uuid[]) AND ${this.scope(p)}`, p.values);
  }

  async victimsByReferralIds(ids: readonly string[]): Promise<ReferredVictimRow[]> {
    const p = new SqlParams();
    return this.env.ds.query(
      `SELECT v.referral_id AS "referralId", v.incident_victim_id AS "incidentVictimId", v.name, to_char(v.date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth", v.phone
       FROM referred_victim v JOIN referral r ON r.id = v.referral_id
       WHERE v.referral_id = ANY(${p.add(uuidsOnly(ids))}::uuid[]) AND ${this.scope(p)} ORDER BY v.referral_id, v.incident_victim_id`,
      p.values,
    );
  }

  /** The referral if the caller may see it (locked for update inside `m`), else NOT_FOUND, exactly as for a missing one. */
  async requireVisible(m: EntityManager, id: string | null | undefined, what = 'Referral'): Promise<ReferralRow> {
    const p = new SqlParams();
    const [row] = (await m.query(
      `SELECT ${REFERRAL_COLUMNS} FROM referral r WHERE r.id = ANY(${p.add(uuidsOnly(id ? [id] : []))}::uuid[]) AND ${this.scope(p)} FOR UPDATE`,
      p.values,
    )) as ReferralRow[];
    if (!row) throw notFound(what);
    return row;
  }

  /** Closes a referral of the caller's agency (NOT_FOUND for any other). */
  async close(id: string): Promise<ReferralRow> {
    return this.env.ds.transaction(async (m) => {
      const referral = await this.requireVisible(m, id);
      const [rows] = (await m.query(`UPDATE referral r SET state = 'CLOSED' WHERE r.id = $1 RETURNING ${REFERRAL_COLUMNS}`, [referral.id])) as [ReferralRow[]];
      return rows[0]!;
    });
  }

  /** The caller's agency's referrals, newest first; the filter picks a queue. */
  async page(args: PageArgs, filter: ReferralFilter | null | undefined): Promise<Connection<ReferralRow>> {
    const page = pageOf(args);
    const p = new SqlParams();
    const where = [this.scope(p)];
    if (filter?.states?.length) where.push(`r.state = ANY(${p.add(filter.states)}::text[])`);
    const hours = filter?.noContactForHours;
    if (hours !== null && hours !== undefined) {
      if (!Number.isInteger(hours) || hours < 0 || hours > MAX_HOURS) throw new InputError('filter.noContactForHours', `must be between 0 and ${MAX_HOURS}`);
      where.push(`r.first_contact_at IS NULL AND r.state <> 'CLOSED' AND r.referred_at <= ${p.add(this.env.now())}::timestamptz - make_interval(hours => ${p.add(hours)}::int)`);
    }
    const [{ n }] = (await this.env.ds.query(`SELECT count(*)::int AS n FROM referral r WHERE ${where.join(' AND ')}`, p.values)) as [{ n: number }];
    const after = instantIdCursor(page.after);
    if (after) where.push(`(r.referred_at, r.id) < (${p.add(after[0])}::timestamptz, ${p.add(after[1])}::uuid)`);
    const rows = (await this.env.ds.query(
      `SELECT ${REFERRAL_COLUMNS} FROM referral r WHERE ${where.join(' AND ')} ORDER BY r.referred_at DESC, r.id DESC LIMIT ${page.limit + 1}`,
      p.values,
    )) as ReferralRow[];
    return connectionOf(rows, page.limit, n, (r) => [r.referredAt.toISOString(), r.id]);
  }
}
