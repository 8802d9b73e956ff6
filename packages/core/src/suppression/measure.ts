/**
 * What every subgraph's analyst measures share: one read-only transaction with a statement timeout
 * (the query cost limit: an ad hoc aggregate cannot hold a database from other users), the check
 * of the agencies a filter names, and the small arithmetic of published cells.
 */
import type { DataSource } from 'typeorm';
import { agencyKind, normalizeAgency, type AgencyKind, type HubConfig } from '../config';
import { Problems } from '../validation/collect';

/** Longest an analyst's aggregate may run, milliseconds. */
export const ANALYTICS_STATEMENT_TIMEOUT_MS = 10_000;

export async function readAggregate<T>(ds: DataSource, sql: string, params: unknown[]): Promise<T[]> {
  return ds.transaction(async (m) => {
    await m.query('SET TRANSACTION READ ONLY');
    await m.query(`SET LOCAL statement_timeout = ${ANALYTICS_STATEMENT_TIMEOUT_MS}`);
    return (await m.query(sql, params)) as T[];
  });
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
