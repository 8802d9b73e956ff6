/** Two instances of each service starting at once on one fresh database: both start, each migration runs once. */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { databaseUrl, dropDatabase, openServiceDatabase } from '@ipvi/core';
import { SERVICES } from '../scripts/hub';

const server = () => process.env.IPVI_TEST_PG_URL!;

// The three services at once (each on its own database): the file waits on PostgreSQL once, not three times.
it.concurrent.each(Object.keys(SERVICES) as (keyof typeof SERVICES)[])('%s: two starts on one fresh database both succeed', async (name) => {
  const url = databaseUrl(server(), `m${randomBytes(5).toString('hex')}_${name.replace(/-/g, '_')}`);
  try {
    const opened = await Promise.allSettled([openServiceDatabase(SERVICES[name], url, 2), openServiceDatabase(SERVICES[name], url, 2)]);
    expect(opened.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled']);
    for (const o of opened) if (o.status === 'fulfilled') await o.value.destroy();
    const c = new Client({ connectionString: url });
    await c.connect();
    const { rows } = await c.query<{ name: string; n: string }>('SELECT name, count(*) AS n FROM migrations GROUP BY name');
    await c.end();
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.filter((r) => Number(r.n) !== 1)).toEqual([]);
  } finally {
    await dropDatabase(url);
  }
});
