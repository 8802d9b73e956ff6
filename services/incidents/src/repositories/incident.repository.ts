/** Incidents: the only place that queries incident tables. Every query carries the caller's row scope. */
import type { DataSource } from 'typeorm';
import { CursorShapes, connectionOf, pageOf, type Connection, type HubConfig, type PageArgs, type Principal } from '@ipvi/core';
import { INCIDENT_ROW_EXCLUDES, IncidentEntity, IncidentOffenderEntity, type IncidentRow } from '../entities';
import { column, columns } from './columns';
import { incidentScopeSql, isUuid, Params } from './scope';

export type { IncidentRow } from '../entities';

/** What an amendment or a screen needs of the stored incident: its identity, version and canonical record (null before the full model). */
export type CurrentIncident = Pick<IncidentEntity, 'agencyOri' | 'rmsNumber' | 'version' | 'record'>;

export interface IncidentFilter {
  from?: Date | null;
  to?: Date | null;
  agencyOri?: string | null;
  intimatePartnerOnly?: boolean | null;
  offenseCode?: string | null;
}

const COLUMNS = columns(IncidentEntity, 'i', { except: INCIDENT_ROW_EXCLUDES });
/** The conditions of an IncidentFilter (on `incident i`), its values added to `p`. */
function filterSql(filter: IncidentFilter | null | undefined, p: Params): string[] {
  const where: string[] = [];
  if (filter?.from) where.push(`i.occurred_at >= ${p.add(filter.from)}`);
  if (filter?.to) where.push(`i.occurred_at < ${p.add(filter.to)}`);
  if (filter?.agencyOri) where.push(`i.agency_ori = ${p.add(filter.agencyOri)}`);
  if (filter?.intimatePartnerOnly) where.push('i.is_intimate_partner');
  if (filter?.offenseCode) where.push(`i.offense_codes @> ARRAY[${p.add(filter.offenseCode.toUpperCase())}]::text[]`);
  return where;
}

const keyOf = (r: IncidentRow): (string | number)[] => [r.occurredAt.toISOString(), r.id];

export class IncidentRepository {
  constructor(
    private readonly ds: DataSource,
    private readonly principal: Principal,
    private readonly config: HubConfig,
  ) {}

  async byIds(ids: readonly string[]): Promise<IncidentRow[]> {
    const p = new Params();
    return this.ds.query(
      `SELECT ${COLUMNS} FROM incident i WHERE i.id = ANY(${p.add(ids.filter(isUuid))}::uuid[]) AND ${incidentScopeSql(this.principal, this.config, p.add)}`,
      p.values,
    );
  }

  async list(args: PageArgs, filter: IncidentFilter | null | undefined): Promise<Connection<IncidentRow>> {
    const page = pageOf(args, CursorShapes.instantAndId);
    const p = new Params();
    const where = [incidentScopeSql(this.principal, this.config, p.add), ...filterSql(filter, p)];
    const cursor = page.after ? `(i.occurred_at, i.id) < (${p.add(page.after[0])}::timestamptz, ${p.add(page.after[1])}::uuid)` : undefined;
    const countSql = `SELECT count(*)::int AS n, count(*) FILTER (WHERE ${cursor ? `NOT ${cursor}` : 'false'})::int AS preceding FROM incident i WHERE ${where.join(' AND ')}`;
    const [{ n, preceding }] = (await this.ds.query(countSql, p.values)) as [{ n: number; preceding: number }];
    if (cursor) where.push(cursor);
    const rows = (await this.ds.query(
      `SELECT ${COLUMNS} FROM incident i WHERE ${where.join(' AND ')} ORDER BY i.occurred_at DESC, i.id DESC LIMIT ${page.limit + 1}`,
      p.values,
    )) as IncidentRow[];
    return connectionOf(rows, page.limit, n, keyOf, preceding);
  }

  /**
   * One page of incidents for each of many offenders, in one statement per distinct (first, after):
   * the number of statements does not grow with the number of offenders.
   */
  async pagesByOffender(offenderIds: readonly string[], args: PageArgs, filter?: IncidentFilter | null): Promise<Map<string, Connection<IncidentRow>>> {
    const page = pageOf(args, CursorShapes.instantAndId);
    const p = new Params();
    const where = [`io.offender_id = ANY(${p.add(offenderIds)}::uuid[])`, incidentScopeSql(this.principal, this.config, p.add), ...filterSql(filter, p)];
    // Rows at or before the cursor sort first (newest first), so they are rn 1..preceding; the last of them
    // (rn = preceding) is kept as a marker, so an offender whose every incident precedes the cursor still
    // reports its totals (an empty page with a previous page).
    const atOrBefore = page.after ? `(i.occurred_at, i.id) >= (${p.add(page.after[0])}::timestamptz, ${p.add(page.after[1])}::uuid)` : 'false';
    const rows = (await this.ds.query(
      `SELECT * FROM (
         SELECT s.*, row_number() OVER (PARTITION BY s."offenderId" ORDER BY s."occurredAt" DESC, s.id DESC) AS rn
         FROM (SELECT ${COLUMNS}, ${column(IncidentOffenderEntity, 'io', 'offenderId')}, count(*) OVER (PARTITION BY io.offender_id)::int AS total,
                      count(*) FILTER (WHERE ${atOrBefore}) OVER (PARTITION BY io.offender_id)::int AS preceding
               FROM incident i JOIN incident_offender io ON io.incident_id = i.id WHERE ${where.join(' AND ')}) s
       ) x WHERE x.rn >= x.preceding AND x.rn <= x.preceding + ${page.limit + 1} ORDER BY x."offenderId", x.rn`,
      p.values,
    )) as (IncidentRow & { offenderId: string; total: number; preceding: number; rn: string })[];
    const grouped = new Map<string, { total: number; preceding: number; rows: IncidentRow[] }>();
    for (const r of rows) {
      let g = grouped.get(r.offenderId);
      if (!g) grouped.set(r.offenderId, (g = { total: r.total, preceding: r.preceding, rows: [] }));
      if (Number(r.rn) > r.preceding) g.rows.push(r);
    }
    const out = new Map<string, Connection<IncidentRow>>();
    for (const id of offenderIds) {
      const g = grouped.get(id);
      out.set(id, connectionOf(g?.rows ?? [], page.limit, g?.total ?? 0, keyOf, g?.preceding ?? 0));
    }
    return out;
  }

  /** Offender ids per incident (for Incident.offenders); the offenders are then loaded within scope. */
  async offenderLinks(incidentIds: readonly string[]): Promise<IncidentOffenderEntity[]> {
    return this.ds.query(
      `SELECT ${columns(IncidentOffenderEntity, 'io')} FROM incident_offender io WHERE io.incident_id = ANY($1::uuid[]) ORDER BY io.offender_id`,
      [incidentIds],
    );
  }

  /** Ids of the incidents in scope that violated each of the given protective orders, newest first. */
  async violationsOf(orderIds: readonly string[]): Promise<{ violatedOrderId: string; id: string }[]> {
    const p = new Params();
    return this.ds.query(
      `SELECT ${columns(IncidentEntity, 'i', ['violatedOrderId', 'id'])} FROM incident i WHERE i.violated_order_id = ANY(${p.add(orderIds)}::uuid[]) AND ${incidentScopeSql(this.principal, this.config, p.add)}
       ORDER BY i.occurred_at DESC, i.id DESC`,
      p.values,
    );
  }

  /** The identity, version and canonical record (null before the full model) of an incident in scope, for amendments. */
  async currentRecord(id: string): Promise<CurrentIncident | undefined> {
    if (!isUuid(id)) return undefined;
    const p = new Params();
    const rows = (await this.ds.query(
      `SELECT ${columns(IncidentEntity, 'i', ['agencyOri', 'rmsNumber', 'version', 'record'])} FROM incident i WHERE i.id = ${p.add(id)}::uuid AND ${incidentScopeSql(this.principal, this.config, p.add)}`,
      p.values,
    )) as CurrentIncident[];
    return rows[0];
  }
}
