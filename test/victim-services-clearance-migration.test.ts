/**
 * Upgrading victim-services to the advocates' clearance record: cleared rows keep who, when and why
 * and go on the outbox (so tiering learns of clearances recorded before the change); rows that were
 * only looked at carry nothing and go.
 */
import { randomUUID } from 'node:crypto';
import { databaseUrl, dropDatabase, openDatabase } from '@ipvi/core';
import { victimServicesService } from '@ipvi/victim-services';
import { migrations } from '@ipvi/victim-services/src/migrations';

const url = databaseUrl(process.env.IPVI_TEST_PG_URL!, `tmig${randomUUID().slice(0, 8)}_victim_services`);
afterAll(() => dropDatabase(url));

it('keeps cleared records, drops looked-at ones, and puts every kept clearance on the outbox', async () => {
  const before = await openDatabase({ url, entities: [], migrations: migrations.slice(0, 2) });
  const [cleared, lookedAt] = ['3c000000-0000-4000-8000-0000000000a1', '3c000000-0000-4000-8000-0000000000a2'];
  await before.query(
    `INSERT INTO notification_clearance (notification_id, opened_at, deadline, cleared_at, cleared_by, advocacy_agency, note) VALUES
       ($1, '2026-01-01T10:00Z', '2026-01-02T10:00Z', '2026-01-01T12:00Z', 'advocate-ana', 'ADV-FSP-01', 'reached her at work'),
       ($2, '2026-01-01T10:00Z', '2026-01-02T10:00Z', NULL, NULL, NULL, NULL)`,
    [cleared, lookedAt],
  );
  await before.destroy();
  const after = await openDatabase({ url, entities: victimServicesService.entities, migrations: victimServicesService.migrations });
  try {
    expect(await after.query(`SELECT notification_id, advocacy_agency, cleared_by, note FROM advocate_clearance`)).toEqual([
      { notification_id: cleared, advocacy_agency: 'ADV-FSP-01', cleared_by: 'advocate-ana', note: 'reached her at work' },
    ]);
    expect(await after.query(`SELECT type, notification_id, advocacy_agency, cleared_at FROM clearance_event`)).toEqual([
      { type: 'NOTIFICATION_CLEARED', notification_id: cleared, advocacy_agency: 'ADV-FSP-01', cleared_at: new Date('2026-01-01T12:00Z') },
    ]);
  } finally {
    await after.destroy();
  }
});
