/**
 * Counts the SQL statements the subgraphs in this process send while a function runs, per database
 * (so per subgraph), by wrapping pg's Client#query: every statement TypeORM sends, BEGIN, COMMIT
 * and SET LOCAL included.
 */
import pg from 'pg';
import type { ServiceName } from '@ipvi/core';

/** Runs `once` `times` times in a row; returns the statements per run for each subgraph and in total. */
export async function countStatements(
  databaseUrls: Readonly<Record<ServiceName, string>>,
  times: number,
  once: () => Promise<void>,
): Promise<Record<string, number>> {
  const byDatabase = new Map(Object.entries(databaseUrls).map(([name, url]) => [new URL(url).pathname.slice(1), name]));
  const counts: Record<string, number> = Object.fromEntries(Object.keys(databaseUrls).map((n) => [n, 0]));
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: { database?: string }, ...args: unknown[]) {
    const name = byDatabase.get(this.database ?? '');
    if (name) counts[name]!++;
    return original.apply(this, args);
  };
  try {
    for (let i = 0; i < times; i++) await once();
  } finally {
    proto.query = original;
  }
  const per = Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, Math.round((v / times) * 10) / 10]));
  return { ...per, total: Math.round((Object.values(counts).reduce((a, x) => a + x, 0) / times) * 10) / 10 };
}
