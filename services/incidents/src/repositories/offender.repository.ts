/** Offenders: visible to a caller when at least one of their incidents is in the caller's row scope. */
import type { DataSource } from 'typeorm';
import { connectionOf, pageOf, type Connection, type HubConfig, type PageArgs, type Principal } from '@ipvi/core';
import { incidentScopeSql, Params } from './scope';

export interface OffenderRow {
  id: string;
  name: string;
  date_of_birth: string | null;
}

const COLUMNS = `o.id, o.name, to_char(o.date_of_birth, 'YYYY-MM-DD') AS date_of_birth`;

export class OffenderRepository {
  constructor(private readonly ds: DataSource, private readonly principal: Principal, private readonly config: HubConfig) {}

  private visible(p: Params): string {
    return `EXISTS (SELECT 1 FROM incident_offender io JOIN incident i ON i.id = io.incident_id WHERE io.offender_id = o.id AND ${incidentScopeSql(this.principal, this.config, p.add)})`;
  }

  async byIds(ids: readonly string[]): Promise<OffenderRow[]> {
    const p = new Params();
    return this.ds.query(`SELECT ${COLUMNS} FROM offender o WHERE o.id = ANY(${p.add(ids)}::uuid[]) AND ${this.visible(p)}`, p.values);
  }

  async list(args: PageArgs & { search?: string | null }): Promise<Connection<OffenderRow>> {
    const page = pageOf(args);
    const p = new Params();
    const where = [this.visible(p)];
    if (args.search) where.push(`o.name ILIKE ${p.add(`%${args.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}`);
    const [{ n }] = (await this.ds.query(`SELECT count(*)::int AS n FROM offender o WHERE ${where.join(' AND ')}`, p.values)) as [{ n: number }];
    if (page.after) where.push(`(lower(o.name), o.id) > (${p.add(page.after[0])}, ${p.add(page.after[1])}::uuid)`);
    const rows = (await this.ds.query(
      `SELECT ${COLUMNS} FROM offender o WHERE ${where.join(' AND ')} ORDER BY lower(o.name), o.id LIMIT ${page.limit + 1}`,
      p.values,
    )) as OffenderRow[];
    return connectionOf(rows, page.limit, n, (r) => [r.name.toLowerCase(), r.id]);
  }
}
