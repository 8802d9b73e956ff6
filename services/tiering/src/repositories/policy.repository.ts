/** Tier policy versions: immutable once published; the active one is the latest published. */
import { In, type DataSource, type EntityManager } from 'typeorm';
import { CursorShapes, conflict, connectionOf, pageOf, type Connection, type PageArgs } from '@ipvi/core';
import type { TierPolicyRules } from '../policy/tier-policy';
import { TierPolicyEntity } from '../entities';

export type PolicyRow = TierPolicyEntity;

const COLUMNS = `seq, version, rules, published_at AS "publishedAt", published_by AS "publishedBy"`;

export async function activePolicy(m: EntityManager | DataSource): Promise<PolicyRow> {
  const [row] = await m.getRepository(TierPolicyEntity).find({ order: { seq: 'DESC' }, take: 1 });
  if (!row) throw new Error('no tier policy published');
  return row;
}

export async function publishPolicy(m: EntityManager, version: string, rules: TierPolicyRules, by: string, now: Date): Promise<PolicyRow> {
  await m.query(`LOCK TABLE tier_policy IN SHARE ROW EXCLUSIVE MODE`);
  const inserted = (await m.query(
    `INSERT INTO tier_policy (version, rules, published_at, published_by) VALUES ($1, $2, $3, $4) ON CONFLICT (version) DO NOTHING RETURNING ${COLUMNS}`,
    [version, JSON.stringify(rules), now, by],
  )) as PolicyRow[];
  if (!inserted[0]) throw conflict('A tier policy with this version already exists; versions are immutable, publish a new version.');
  return inserted[0];
}

/** Which versions a page lists. */
export interface PolicyFilter {
  publishedSince?: Date | null;
  publishedBefore?: Date | null;
}

export class PolicyReader {
  constructor(private readonly ds: DataSource) {}

  active(): Promise<PolicyRow> {
    return activePolicy(this.ds);
  }

  byVersions(versions: readonly string[]): Promise<PolicyRow[]> {
    return this.ds.getRepository(TierPolicyEntity).findBy({ version: In([...versions]) });
  }

  /** Newest first. */
  async page(args: PageArgs, f: PolicyFilter): Promise<Connection<PolicyRow>> {
    const page = pageOf(args, CursorShapes.seq);
    const after = page.after ? String(page.after[0]) : null;
    const filter = `($1::timestamptz IS NULL OR published_at >= $1) AND ($2::timestamptz IS NULL OR published_at < $2)`;
    const bounds = [f.publishedSince ?? null, f.publishedBefore ?? null];
    const rows = (await this.ds.query(
      `SELECT ${COLUMNS} FROM tier_policy WHERE ${filter} AND ($3::bigint IS NULL OR seq < $3::bigint) ORDER BY seq DESC LIMIT ${page.limit + 1}`,
      [...bounds, after],
    )) as PolicyRow[];
    // preceding: versions (as filtered) at or before the cursor, so hasPreviousPage is exact.
    const [{ n, preceding }] = (await this.ds.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE $3::bigint IS NOT NULL AND seq >= $3::bigint)::int AS preceding FROM tier_policy WHERE ${filter}`,
      [...bounds, after],
    )) as [{ n: number; preceding: number }];
    return connectionOf(rows, page.limit, n, (r) => [String(r.seq)], preceding);
  }
}
