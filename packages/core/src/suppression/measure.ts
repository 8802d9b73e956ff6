/**
 * What every subgraph's analyst measures share: one read-only transaction with a statement timeout
 * (the query cost limit: an ad hoc aggregate cannot hold a database from other users), the check
 * of the agencies a filter names, and the small arithmetic of published cells.
 */
import type { DataSource } from 'typeorm';
import { pooledClient } from '../db/database';
import { agencyKind, normalizeAgency, type AgencyKind, type HubConfig } from '../config';
import { Problems } from '../validation/collect';

/** Longest an analyst's aggregate may run, milliseconds. */
export const ANALYTICS_STATEMENT_TIMEOUT_MS = 10_000;

/**
 * Runs one aggregate in a read-only transaction under the analytics statement timeout, in three round trips (begin with
 * both settings in one simple query, the aggregate, commit) on a pg client of TypeORM's pool: TypeORM's transaction()
 * spent two more (START TRANSACTION and each setting on their own).
 */
export async function readAggregate<T>(ds: DataSource, sql: string, params: unknown[]): Promise<T[]> {
  const { client, release } = await pooledClient(ds);
  let broken: unknown;
  try {
    await client.query(`START TRANSACTION READ ONLY; SET LOCAL statement_timeout = ${ANALYTICS_STATEMENT_TIMEOUT_MS}`);
    const { rows } = await client.query(sql, params);
    await client.query('COMMIT');
    return rows as T[];
  } catch (e) {
    // A refused or timed-out aggregate leaves the connection usable once rolled back; one that cannot roll back is discarded.
    await client.query('ROLLBACK').catch((r: unknown) => void (broken = r ?? e));
    throw e;
  } finally {
    release(broken);
  }
}

/**
 * The agencies of a filter, normalized. Each one that is not a configured agency of that kind is a problem naming its
 * place: added to `problems` (the caller's one answer) when given, else thrown at once, all of them in one BAD_USER_INPUT.
 */
export function filterAgencies(
  config: HubConfig,
  kind: AgencyKind,
  agencies: readonly string[] | null | undefined,
  field: string,
  problems?: Problems,
): string[] | undefined {
  if (!agencies?.length) return undefined;
  const p = problems ?? new Problems('');
  agencies.forEach((raw, i) => p.check(agencyKind(config, raw) === kind, `${field}[${i}]`, `is not a ${kind} agency of the partnership`));
  if (!problems) p.throwIfAny();
  return agencies.map(normalizeAgency);
}

/** A filter's from/to (the DateTime scalar gives Dates). */
export function range(filter: { from?: Date | null; to?: Date | null } | null | undefined): { from: Date | undefined; to: Date | undefined } {
  return { from: filter?.from ?? undefined, to: filter?.to ?? undefined };
}

/** A share of published counts; null when either is withheld or the denominator is zero. */
export function share(numerator: number | null, denominator: number | null): number | null {
  return numerator === null || denominator === null || denominator === 0 ? null : numerator / denominator;
}

/** What analysts' measures read through: the subgraph's data source (hung on the request's loaders by withMeasureSource, one line in server.ts). */
export interface MeasureLoaders {
  readonly analytics: { readonly ds: DataSource };
}

/** Adds the measures' data source to a subgraph's per-request loaders. */
export function withMeasureSource<L extends object>(loaders: L, ds: DataSource): L & MeasureLoaders {
  return { ...loaders, analytics: { ds } };
}
