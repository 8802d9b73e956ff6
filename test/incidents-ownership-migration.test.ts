/**
 * Upgrading incidents to owned offender records (issue 9): each existing record is owned by the
 * agency of its earliest incident, else of its protective order; a record with neither stays
 * unowned (never matched, never visible). Existing orders start at version 1.
 */
import { randomUUID } from 'node:crypto';
import { databaseUrl, dropDatabase, openDatabase } from '@ipvi/core';
import { incidentsService } from '@ipvi/incidents';
import { migrations } from '@ipvi/incidents/src/migrations';

const url = databaseUrl(process.env.IPVI_TEST_PG_URL!, `tmig${randomUUID().slice(0, 8)}_incidents`);
afterAll(() => dropDatabase(url));

it('backfills the owner agency from the earliest incident, else the protective order', async () => {
  const before = await openDatabase({ url, entities: [], migrations: migrations.slice(0, 3) });
  const [twoAgencies, orderOnly, orphan] = [
    '0f000000-0000-4000-8000-000000000001',
    '0f000000-0000-4000-8000-000000000002',
    '0f000000-0000-4000-8000-000000000003',
  ];
  const [later, earlier] = ['1e000000-0000-4000-8000-000000000001', '1e000000-0000-4000-8000-000000000002'];
  await before.query(
    `INSERT INTO offender (id, name, date_of_birth, norm_name) VALUES ($1, 'A One', '1980-01-01', 'a one'), ($2, 'B Two', '1981-01-01', 'b two'), ($3, 'C Three', NULL, 'c three')`,
    [twoAgencies, orderOnly, orphan],
  );
  await before.query(
    `INSERT INTO incident (id, agency_ori, rms_number, occurred_at, offense_codes, is_intimate_partner, arrest_made) VALUES
       ($1, 'NC0410200', 'R-2', '2026-03-01T00:00Z', '{13B}', true, false), ($2, 'NC0410300', 'R-1', '2025-03-01T00:00Z', '{13B}', true, false)`,
    [later, earlier],
  );
  await before.query(`INSERT INTO incident_offender (incident_id, offender_id) VALUES ($1, $3), ($2, $3)`, [later, earlier, twoAgencies]);
  await before.query(
    `INSERT INTO protective_order (id, agency_ori, order_number, order_type, issued_on, restrained_offender_id, protected_party_name, content_hash)
     VALUES ($1, 'NC0410300', 'PO-1', 'FINAL', '2026-01-01', $2, 'P', 'h')`,
    [randomUUID(), orderOnly],
  );
  await before.destroy();
  const after = await openDatabase({ url, entities: incidentsService.entities, migrations: incidentsService.migrations });
  try {
    expect(await after.query(`SELECT id, owner_agency FROM offender ORDER BY id`)).toEqual([
      { id: twoAgencies, owner_agency: 'NC0410300' },
      { id: orderOnly, owner_agency: 'NC0410300' },
      { id: orphan, owner_agency: null },
    ]);
    expect(await after.query(`SELECT version FROM protective_order`)).toEqual([{ version: 1 }]);
  } finally {
    await after.destroy();
  }
});
