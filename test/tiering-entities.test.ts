/**
 * Tiering's entities match its tables: every table the migrations make (besides core's audit and
 * feed tables) has an entity, and each entity names exactly the table's columns with their
 * nullability. A migration that adds a column without its entity, or an entity that drifts, fails here.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { databaseUrl, dropDatabase, openServiceDatabase } from '@ipvi/core';
import { tieringService } from '@ipvi/tiering';

/** Tables core adds to every subgraph's database (audit trail, feed cursors and outbox, migrations). */
const CORE_TABLE = /^(audit_|feed_|migrations$|typeorm_)/;

let ds: DataSource;
const url = databaseUrl(process.env.IPVI_TEST_PG_URL!, `tent${randomUUID().slice(0, 8)}_tiering`);
beforeAll(async () => {
  ds = await openServiceDatabase(tieringService, url);
}, 120_000);
afterAll(async () => {
  await ds.destroy();
  await dropDatabase(url);
});

it('has one entity per tiering table, naming exactly its columns and their nullability', async () => {
  const rows = (await ds.query(
    `SELECT c.table_name AS "table", c.column_name AS "column", c.is_nullable = 'YES' AS nullable
     FROM information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' ORDER BY 1, 2`,
  )) as { table: string; column: string; nullable: boolean }[];
  const tables = new Map<string, string[]>();
  for (const r of rows.filter((r) => !CORE_TABLE.test(r.table))) tables.set(r.table, [...(tables.get(r.table) ?? []), `${r.column}${r.nullable ? '?' : ''}`]);
  const entities = new Map(
    ds.entityMetadatas
      .filter((m) => tables.has(m.tableName) || !CORE_TABLE.test(m.tableName))
      .map((m) => [m.tableName, m.columns.map((c) => `${c.databaseName}${c.isNullable ? '?' : ''}`).sort()]),
  );
  expect(tables.size).toBeGreaterThanOrEqual(17);
  expect([...entities.keys()].sort()).toEqual([...tables.keys()].sort());
  for (const [table, columns] of tables) expect({ table, columns: entities.get(table) }).toEqual({ table, columns });
});
