/**
 * The subgraphs' pooled connections prepare each parameterised statement once (packages/core/src/db/preparing-client.ts),
 * at most MAX_PREPARED per connection, and answer exactly as unnamed statements do; statements without parameters (a
 * simple query, several statements at once) are sent as they are.
 */
import { MAX_PREPARED } from '@ipvi/core/src/db/preparing-client';
import { startTestHub, type TestHub } from './harness/hub';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.stop());

const runner = () => t.hub.services.incidents.dataSource.createQueryRunner();
const preparedOf = async (r: ReturnType<typeof runner>) =>
  (await r.query(`SELECT name, statement FROM pg_prepared_statements ORDER BY statement`)) as { name: string; statement: string }[];

it('prepares a parameterised statement once on a connection and reuses it', async () => {
  const r = runner();
  try {
    const sql = 'SELECT $1::int * 2 AS doubled';
    for (const n of [1, 2, 3]) expect(await r.query(sql, [n])).toEqual([{ doubled: n * 2 }]);
    const prepared = await preparedOf(r);
    expect(prepared.filter((p) => p.statement === sql)).toEqual([{ name: expect.stringMatching(/^ipvi_[0-9a-f]{24}$/), statement: sql }]);
  } finally {
    await r.release();
  }
});

it('sends statements without parameters as they are, several at once included', async () => {
  const r = runner();
  try {
    const before = (await preparedOf(r)).length;
    await r.query('SELECT 1 AS one; SELECT 2 AS two');
    expect((await preparedOf(r)).length).toBe(before);
  } finally {
    await r.release();
  }
});

it(`prepares at most ${MAX_PREPARED} statements on a connection, and answers the ones beyond unnamed`, async () => {
  const r = runner();
  try {
    for (let i = 0; i < MAX_PREPARED + 20; i++) expect(await r.query(`SELECT $1::int + ${i} AS n`, [1])).toEqual([{ n: i + 1 }]);
    const prepared = await preparedOf(r);
    expect(prepared.length).toBe(MAX_PREPARED);
    expect(prepared.every((p) => p.name.startsWith('ipvi_'))).toBe(true);
  } finally {
    await r.release();
  }
});

it('keeps an error a statement error: a bad statement fails each time, and the connection goes on', async () => {
  const r = runner();
  try {
    for (let i = 0; i < 2; i++) await expect(r.query('SELECT $1::int / 0 AS x', [1])).rejects.toMatchObject({ code: '22012' });
    expect(await r.query('SELECT $1::text AS ok', ['yes'])).toEqual([{ ok: 'yes' }]);
  } finally {
    await r.release();
  }
});
