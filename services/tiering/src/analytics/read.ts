/**
 * How analysts' measures read tiering's database: one read-only transaction with a statement
 * timeout (the query cost limit: an ad hoc aggregate cannot hold the database from other users),
 * and the checks every measure applies to its arguments.
 */
import type { DataSource } from 'typeorm';
import { badInput, normalizeAgency, type HubConfig } from '@ipvi/core';

/** Longest an analyst's aggregate may run, milliseconds. */
export const ANALYTICS_STATEMENT_TIMEOUT_MS = 10_000;

export async function readAggregate<T>(ds: DataSource, sql: string, params: unknown[]): Promise<T[]> {
  return ds.transaction(async (m) => {
    await m.query('SET TRANSACTION READ ONLY');
    await m.query(`SET LOCAL statement_timeout = ${ANALYTICS_STATEMENT_TIMEOUT_MS}`);
    return (await m.query(sql, params)) as T[];
  });
}

/** Police agencies of a filter, normalized; BAD_USER_INPUT names the first one the partnership does not configure. */
export function policeAgencies(config: HubConfig, agencies: readonly string[] | null | undefined, field: string): string[] | undefined {
  if (!agencies?.length) return undefined;
  return agencies.map((raw, i) => {
    const a = normalizeAgency(raw);
    if (!config.partnership.policeAgencies.includes(a)) throw badInput(`${field}[${i}]`, 'is not a police agency of the partnership');
    return a;
  });
}

/** A filter's from/to as instants (the DateTime scalar gives Dates). */
export function range(filter: { from?: Date | null; to?: Date | null } | null | undefined): { from: Date | undefined; to: Date | undefined } {
  return { from: filter?.from ?? undefined, to: filter?.to ?? undefined };
}

/** A share, or null when the cell is suppressed or its denominator is zero. */
export function share(numerator: number | null, denominator: number | null): number | null {
  return numerator === null || denominator === null || denominator === 0 ? null : numerator / denominator;
}
