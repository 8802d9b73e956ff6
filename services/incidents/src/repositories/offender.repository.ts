/**
 * Offenders: visible to a caller when at least one of their incidents, or a protective order
 * restraining them, is in the caller's row scope.
 */
import type { DataSource } from 'typeorm';
import { CursorShapes, connectionOf, decide, pageOf, type Connection, type HubConfig, type PageArgs, type Principal } from '@ipvi/core';
import { normalizeName } from '../model/names';
import { OFFENDER_ROW, OffenderEntity, type OffenderRow } from '../entities';
import { columns } from './columns';
import { incidentScopeSql, isUuid, orderScopeSql, Params } from './scope';

export type { OffenderRow } from '../entities';

const COLUMNS = columns(OffenderEntity, 'o', OFFENDER_ROW);

export class OffenderRepository {
  constructor(
    private readonly ds: DataSource,
    private readonly principal: Principal,
    private readonly config: HubConfig,
  ) {}

  private visible(p: Params): string {
    return `(EXISTS (SELECT 1 FROM incident_offender io JOIN incident i ON i.id = io.incident_id WHERE io.offender_id = o.id AND ${incidentScopeSql(this.principal, this.config, p.add)})
      OR EXISTS (SELECT 1 FROM protective_order po WHERE po.restrained_offender_id = o.id AND ${orderScopeSql(this.principal, this.config, p.add)}))`;
  }

  async byIds(ids: readonly string[]): Promise<OffenderRow[]> {
    const p = new Params();
    return this.ds.query(`SELECT ${COLUMNS} FROM offender o WHERE o.id = ANY(${p.add(ids.filter(isUuid))}::uuid[]) AND ${this.visible(p)}`, p.values);
  }

  /**
   * Offenders' names for the referrals tiering sends to offender-services providers: whatever the
   * agency (tiering copies the name of an offender its referral names), and only for a principal the
   * policy lets read REFERRAL_NAME (tiering's service principal); nobody else gets a row.
   */
  async namesForReferral(ids: readonly string[]): Promise<{ id: string; name: string }[]> {
    if (decide(this.principal.roles, 'REFERRAL_NAME') !== 'allow') return [];
    return this.ds.query(`SELECT o.id, o.name FROM offender o WHERE o.id = ANY($1::uuid[])`, [ids.filter(isUuid)]);
  }

  /** Whether a record is in the caller's scope and owned by `agency` (the only records a write for that agency may name). */
  async ownedBy(id: string, agency: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const p = new Params();
    const rows = (await this.ds.query(
      `SELECT 1 FROM offender o WHERE o.id = ${p.add(id)}::uuid AND o.owner_agency = ${p.add(agency)} AND ${this.visible(p)}`,
      p.values,
    )) as unknown[];
    return rows.length > 0;
  }

  /** Offenders in scope ordered by name; each of `searches` matches a part of the name or of an alias (normalized). */
  async list(args: PageArgs & { searches: readonly string[] }): Promise<Connection<OffenderRow>> {
    const page = pageOf(args, CursorShapes.textAndId);
    const p = new Params();
    const where = [this.visible(p)];
    for (const term of args.searches.map(normalizeName).filter(Boolean)) {
      const like = p.add(`%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`(o.norm_name LIKE ${like} OR EXISTS (SELECT 1 FROM unnest(o.norm_aliases) a WHERE a LIKE ${like}))`);
    }
    const cursor = page.after ? `(lower(o.name), o.id) > (${p.add(page.after[0])}, ${p.add(page.after[1])}::uuid)` : undefined;
    const [{ n, preceding }] = (await this.ds.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE ${cursor ? `NOT ${cursor}` : 'false'})::int AS preceding FROM offender o WHERE ${where.join(' AND ')}`,
      p.values,
    )) as [{ n: number; preceding: number }];
    if (cursor) where.push(cursor);
    const rows = (await this.ds.query(
      `SELECT ${COLUMNS} FROM offender o WHERE ${where.join(' AND ')} ORDER BY lower(o.name), o.id LIMIT ${page.limit + 1}`,
      p.values,
    )) as OffenderRow[];
    return connectionOf(rows, page.limit, n, (r) => [r.name.toLowerCase(), r.id], preceding);
  }
}
