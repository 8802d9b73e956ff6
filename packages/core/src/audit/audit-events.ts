/**
 * Reading a subgraph's audit trail: the repository (row scope from the policy, inside the SQL) and
 * the thin resolvers the subgraph builder adds to every subgraph.
 */
import type { DataSource } from 'typeorm';
import type { ServiceName } from '../config';
import type { HubContext } from '../context';
import { CursorShapes, connectionOf, pageOf, type Connection, type PageArgs } from '../graph/connection';
import { scalarResolvers } from '../graph/scalars';
import type { Principal } from '../identity/principal';
import { rowScope } from '../policy/policy';
import { SqlParams } from '../policy/scope';
import { auditQueryField } from './audit-schema';
import type { AuditRow } from './store';

export interface AuditFilter {
  from?: Date | null;
  to?: Date | null;
  subject?: string | null;
  requestId?: string | null;
  fieldPath?: string | null;
  outcome?: string | null;
}

const COLUMNS: readonly [keyof AuditFilter, string, string][] = [
  ['from', 'at', '>='],
  ['to', 'at', '<'],
  ['subject', 'subject', '='],
  ['requestId', 'request_id', '='],
  ['fieldPath', 'field_path', '='],
  ['outcome', 'outcome', '='],
];

export class AuditEventRepository {
  constructor(
    private readonly ds: DataSource,
    private readonly principal: Principal,
  ) {}

  /** Events newest first; a principal without audit scope sees an empty trail. */
  async list(args: PageArgs, filter: AuditFilter | null | undefined): Promise<Connection<AuditRow>> {
    const page = pageOf(args, CursorShapes.seq);
    if (rowScope(this.principal.roles, 'auditEvent') === 'NONE') return connectionOf([], page.limit, 0, () => []);
    const p = new SqlParams();
    const where = ['true'];
    for (const [key, column, op] of COLUMNS) {
      const v = filter?.[key];
      if (v !== undefined && v !== null) where.push(`${column} ${op} ${p.add(v)}`);
    }
    const cursor = page.after ? `seq < ${p.add(String(page.after[0]))}::bigint` : undefined;
    const [{ n, preceding }] = (await this.ds.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE ${cursor ? `NOT ${cursor}` : 'false'})::int AS preceding FROM audit_event WHERE ${where.join(' AND ')}`,
      p.values,
    )) as [{ n: number; preceding: number }];
    if (cursor) where.push(cursor);
    const rows = (await this.ds.query(
      `SELECT * FROM audit_event WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT ${page.limit + 1}`,
      p.values,
    )) as AuditRow[];
    return connectionOf(rows, page.limit, n, (r) => [r.seq], preceding);
  }
}

/**
 * The resolvers of the audit module, for one subgraph. They hold no data source: the request's context brings its reader
 * (`ctx.auditEvents`), so one built schema serves every server of the subgraph in a process.
 */
export function auditResolvers(service: ServiceName) {
  return {
    Query: {
      [auditQueryField(service)]: (_: unknown, args: PageArgs & { filter?: AuditFilter | null }, ctx: HubContext) => {
        if (!ctx.auditEvents) throw new Error('the request context has no audit trail reader');
        return ctx.auditEvents.list(args, args.filter);
      },
    },
    AuditEvent: {
      at: (r: AuditRow) => r.at,
      requestId: (r: AuditRow) => r.request_id,
      fieldPath: (r: AuditRow) => r.field_path,
      entityIds: (r: AuditRow) => r.entity_ids,
      consentId: (r: AuditRow) => r.consent_id,
    },
    DateTime: scalarResolvers.DateTime,
  };
}
