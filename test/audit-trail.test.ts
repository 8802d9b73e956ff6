import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import {
  AuditStore,
  SERVICE_NAMES,
  auditQueryField,
  chainEntries,
  openDatabase,
  verifyAuditTable,
  type AuditActor,
  type AuditEntry,
  type AuditRow,
  type Role,
} from '@ipvi/core';
import { codes, ok, startTestHub, type GraphQLResponse, type TestHub } from './harness/hub';
import { incidentInput, RECORD } from './fixtures/incidents';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.stop());

interface Event {
  id: string;
  requestId: string;
  subject: string;
  role: string;
  agency: string;
  operation: string | null;
  action: string;
  fieldPath: string;
  entityIds: string[];
  outcome: string;
  hash: string;
}
type Trail = Record<
  string,
  { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { cursor: string; node: Event }[] } | null
>;

const trailDoc = (field: string) => `query Trail($first: Int, $after: String, $filter: AuditFilter) {
  ${field}(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id at requestId subject role agency operation action fieldPath entityIds outcome consentId hash } }
  }
}`;

/** Queries the gateway as a role under a request id of our choosing. */
/** Sends as a role; the request is named by the id the gateway answers with (a client's x-request-id is only a correlation field). */
async function asRole<T = Trail>(role: Role, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T> & { requestId: string }> {
  const clientId = `req-${randomUUID()}`;
  const res = await t.post<T>(t.url, { query, variables }, { authorization: `Bearer ${await t.token(role)}`, 'x-request-id': clientId });
  if (!res.requestId || res.requestId === clientId) throw new Error('the gateway must answer with a request id of its own');
  return { ...res, requestId: res.requestId };
}

describe.each(SERVICE_NAMES)('the %s audit trail', (service) => {
  const field = auditQueryField(service);

  it('is denied to every role but AUDITOR, with the denial recorded in it', async () => {
    const denied = await asRole('OFFICER', trailDoc(field));
    expect(denied.data).toBeNull();
    expect(codes(denied)).toEqual(['FORBIDDEN']);
    expect(denied.errors![0]!.path).toEqual([field]);
    expect(denied.errors![0]!.extensions).toEqual({ code: 'FORBIDDEN', requestId: denied.requestId });

    const trail = await asRole('AUDITOR', trailDoc(field), { filter: { requestId: denied.requestId } });
    expect(trail.errors).toBeUndefined();
    const events = trail.data![field]!.edges.map((e) => e.node);
    expect(events).toEqual([
      expect.objectContaining({
        requestId: denied.requestId,
        subject: 'demo-officer',
        role: 'OFFICER',
        agency: 'NC0410200',
        operation: 'Trail',
        action: 'READ',
        fieldPath: `Query.${field}`,
        outcome: 'DENIED',
      }),
    ]);
    expect(events[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("records the auditor's own reads, naming the events read", async () => {
    const first = await asRole('AUDITOR', trailDoc(field), { first: 3 });
    const readIds = first.data![field]!.edges.map((e) => e.node.id);
    expect(readIds.length).toBeGreaterThan(0);
    const second = await asRole('AUDITOR', trailDoc(field), { filter: { requestId: first.requestId } });
    const events = second.data![field]!.edges.map((e) => e.node);
    expect(events.find((e) => e.fieldPath === `Query.${field}`)).toMatchObject({ outcome: 'ALLOWED', subject: 'demo-auditor', role: 'AUDITOR' });
    expect(events.find((e) => e.fieldPath === 'AuditEvent.hash')!.entityIds).toEqual([...readIds].sort());
  });

  it('pages newest first without repeating an event', async () => {
    const p1 = await asRole('AUDITOR', trailDoc(field), { first: 2 });
    const c1 = p1.data![field]!;
    expect(c1.pageInfo.hasNextPage).toBe(true);
    const p2 = await asRole('AUDITOR', trailDoc(field), { first: 2, after: c1.pageInfo.endCursor });
    const ids1 = c1.edges.map((e) => e.node.id);
    const ids2 = p2.data![field]!.edges.map((e) => e.node.id);
    expect(ids2).toHaveLength(2);
    expect(ids1.filter((id) => ids2.includes(id))).toEqual([]);
  });
});

describe('authentication failures at a subgraph', () => {
  it('are answered 401 and recorded in its trail', async () => {
    const res = await t.post(t.hub.services.tiering.server.url, { query: '{ _service { sdl } }' }, { 'x-request-id': `req-${randomUUID()}` });
    expect(res.status).toBe(401);
    // The subgraph names the refused request with its own id (a caller without the gateway's identity cannot choose it).
    const requestId = res.requestId!;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const trail = await asRole('AUDITOR', trailDoc('tieringAuditEvents'), { filter: { requestId } });
    expect(trail.data!.tieringAuditEvents!.edges.map((e) => e.node)).toEqual([
      expect.objectContaining({ action: 'AUTHENTICATE', outcome: 'DENIED', subject: 'unauthenticated', fieldPath: 'internal-identity' }),
    ]);
  });
});

describe('the audit table', () => {
  it.each([
    ['UPDATE', `UPDATE audit_event SET subject = 'someone-else'`],
    ['DELETE', `DELETE FROM audit_event`],
    ['TRUNCATE', `TRUNCATE audit_event`],
  ])('refuses %s from the application', async (_op, statement) => {
    const ds = t.hub.services.incidents.dataSource;
    const before = await ds.query('SELECT count(*)::int AS n, max(hash) AS h FROM audit_event');
    expect(before[0].n).toBeGreaterThan(0);
    await expect(ds.query(statement)).rejects.toThrow(/append-only/);
    expect(await ds.query('SELECT count(*)::int AS n, max(hash) AS h FROM audit_event')).toEqual(before);
  });
});

describe('when the audit write fails', () => {
  const narrative = `CANARY-narrative-${randomUUID()}`;
  beforeAll(async () => {
    ok(await t.query('OFFICER', RECORD, { input: incidentInput({ rmsNumber: 'CANARY-RMS-AUDIT-FAIL', narrative }) }));
  });

  it('the request fails: INTERNAL_SERVER_ERROR with the request id, and no data', async () => {
    const healthy = await asRole('OFFICER', '{ incidents(first: 5) { edges { node { rmsNumber narrative } } } }');
    expect(healthy.text).toContain(narrative);
    await t.sql('incidents', 'ALTER TABLE audit_event RENAME TO audit_event_away');
    try {
      const res = await asRole('OFFICER', '{ incidents(first: 5) { edges { node { rmsNumber narrative } } } }');
      expect(res.data).toBeNull();
      expect(res.errors).toEqual([{ message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: res.requestId } }]);
      expect(res.text).not.toContain(narrative);
      expect(res.text).not.toContain('CANARY-RMS-AUDIT-FAIL');
    } finally {
      await t.sql('incidents', 'ALTER TABLE audit_event_away RENAME TO audit_event');
    }
  });
});

describe('two audit stores on one database (two hubs sharing it)', () => {
  /** The chain's advisory lock, the protocol every writer of audit_event follows (hubs of any version on one database). */
  const CHAIN_LOCK = 74110001;
  const COLUMNS = 'seq,id,at,request_id,subject,role,agency,operation,action,field_path,entity_ids,outcome,consent_id,prev_hash,hash';
  let dsA: DataSource;
  let dsB: DataSource;
  let a: AuditStore;
  let b: AuditStore;
  const url = () => t.databaseUrls.tiering;
  const rowsQuery = (ds: DataSource) => (text: string, params: unknown[]) => ds.query(text, params) as Promise<unknown[]>;
  const actor = (requestId: string): AuditActor => ({ requestId, subject: 'concurrency-test', role: 'AUDITOR', agency: 'NC0410200', operation: 'Append' });
  const entries = (n: number, tag: string): AuditEntry[] =>
    Array.from({ length: n }, (_, i) => ({ action: 'READ', fieldPath: `Test.${tag}.${i}`, outcome: 'ALLOWED', entityIds: [`${tag}-${i}`], consentId: null }));
  /** Rows per request id of the given ones, as stored. */
  const stored = async (ids: string[]) =>
    (
      await t.sql<{ request_id: string; n: number; d: number }>(
        'tiering',
        'SELECT request_id, count(*)::int AS n, count(DISTINCT field_path)::int AS d FROM audit_event WHERE request_id = ANY($1) GROUP BY request_id',
        [ids],
      )
    ).reduce<Record<string, number>>((m, r) => ({ ...m, [r.request_id]: r.n === r.d ? r.n : -1 }), {});
  const head = async () => (await t.sql<{ seq: string; hash: string }>('tiering', 'SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1'))[0]!;

  beforeAll(async () => {
    const open = () => openDatabase({ url: url(), entities: [], migrations: [], migrate: false, poolSize: 3 });
    [dsA, dsB] = await Promise.all([open(), open()]);
    a = new AuditStore(dsA);
    b = new AuditStore(dsB);
  });
  afterAll(() => Promise.all([dsA?.destroy(), dsB?.destroy()]));

  it('append concurrently, interleaved and in batches, into one intact contiguous chain with every entry once', async () => {
    const expected: Record<string, number> = {};
    const append = (store: AuditStore, n: number) => {
      const id = `concurrent-${randomUUID()}`;
      expected[id] = n;
      return store.append(actor(id), entries(n, id));
    };
    for (let round = 0; round < 12; round++) {
      // One after the other (each store finds the other appended since its last write), then both at once, several requests
      // per store (they share writes: group commit).
      await append(a, 1 + (round % 3));
      await append(b, 2);
      await Promise.all([append(a, 3), append(b, 1), append(a, 1), append(b, 4), append(a, 2), append(b, 1)]);
    }
    // More rows than one INSERT takes, racing with the other store.
    await Promise.all([append(a, 2100), append(b, 3), append(b, 2)]);
    expect(await stored(Object.keys(expected))).toEqual(expected);
    const report = await verifyAuditTable(rowsQuery(dsA));
    expect(report.problems).toEqual([]);
    expect(report.checked).toBe(Number((await head()).seq));
  });

  it('append in one statement each while no other writer appends', async () => {
    await a.append(actor(`warm-${randomUUID()}`), entries(1, 'warm')); // after the other store's writes: reads the head
    await a.append(actor(`warm-${randomUUID()}`), entries(1, 'warm'));
    const spy = jest.spyOn(Client.prototype, 'query');
    try {
      for (let i = 0; i < 5; i++) await a.append(actor(`single-${randomUUID()}`), entries(1 + i, `single${i}`));
      const texts = spy.mock.calls.map(([q]) => (typeof q === 'string' ? q : (q as { text: string }).text));
      expect(texts).toHaveLength(5);
      texts.forEach((text) => expect(text).toMatch(/^WITH chain_lock AS MATERIALIZED \(SELECT pg_advisory_xact_lock\(74110001\)\) INSERT INTO audit_event /));
    } finally {
      spy.mockRestore();
    }
    expect((await verifyAuditTable(rowsQuery(dsB))).problems).toEqual([]);
  });

  /** Waits until a session on the database waits for a lock of the given type. */
  async function waitingOn(type: 'advisory' | 'transactionid'): Promise<void> {
    for (let i = 0; i < 500; i++) {
      const [row] = await t.sql<{ n: number }>(
        'tiering',
        'SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity s USING (pid) WHERE NOT l.granted AND l.locktype = $1 AND s.datname = current_database()',
        [type],
      );
      if (row!.n > 0) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no session came to wait on a ${type} lock`);
  }

  /** A writer on its own connection: rows chained on to the current head, inserted inside a transaction left open. */
  async function openWriter(lock: boolean): Promise<{ client: Client; rows: AuditRow[] }> {
    const client = new Client({ connectionString: url() });
    await client.connect();
    await client.query('START TRANSACTION');
    if (lock) await client.query(`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`);
    const h = (await client.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1')).rows[0]!;
    const rows = chainEntries({ seq: BigInt(h.seq), hash: h.hash }, actor(`writer-${randomUUID()}`), entries(2, 'writer'), new Date());
    return { client, rows };
  }
  const insert = (client: Client, rows: AuditRow[]) =>
    client.query(
      `INSERT INTO audit_event (${COLUMNS}) VALUES ${rows.map((_, r) => `(${Array.from({ length: 15 }, (_, i) => `$${r * 15 + i + 1}`).join(',')})`).join(',')}`,
      rows.flatMap((r) => [
        r.seq,
        r.id,
        r.at,
        r.request_id,
        r.subject,
        r.role,
        r.agency,
        r.operation,
        r.action,
        r.field_path,
        r.entity_ids,
        r.outcome,
        r.consent_id,
        r.prev_hash,
        r.hash,
      ]),
    );

  it('a one-statement append waits for a writer holding the lock, which does not fail; the append then chains after its rows', async () => {
    await a.append(actor(`warm-${randomUUID()}`), entries(1, 'warm')); // a knows the head
    const writer = await openWriter(true); // read the same head under the lock
    try {
      const id = `after-locked-${randomUUID()}`;
      const appended = a.append(actor(id), entries(3, id));
      await waitingOn('advisory');
      await insert(writer.client, writer.rows); // the seqs a would have taken: a must not have inserted them first
      await writer.client.query('COMMIT');
      await appended;
      const mine = await t.sql<{ seq: string; prev_hash: string }>('tiering', 'SELECT seq, prev_hash FROM audit_event WHERE request_id = $1 ORDER BY seq', [
        id,
      ]);
      expect(mine.map((r) => BigInt(r.seq))).toEqual([1n, 2n, 3n].map((d) => BigInt(writer.rows[1]!.seq) + d));
      expect(mine[0]!.prev_hash).toBe(writer.rows[1]!.hash);
    } finally {
      await writer.client.end();
    }
    expect((await verifyAuditTable(rowsQuery(dsA))).problems).toEqual([]);
  });

  it("a one-statement append that meets another transaction's uncommitted row of its seq waits for it, then appends after it", async () => {
    await a.append(actor(`warm-${randomUUID()}`), entries(1, 'warm'));
    const writer = await openWriter(false); // inserts without the lock: only the seq's unique check stands between them
    try {
      await insert(writer.client, writer.rows);
      const id = `after-uncommitted-${randomUUID()}`;
      const appended = a.append(actor(id), entries(2, id));
      await waitingOn('transactionid');
      await writer.client.query('COMMIT');
      await appended;
      const mine = await t.sql<{ seq: string }>('tiering', 'SELECT seq FROM audit_event WHERE request_id = $1 ORDER BY seq', [id]);
      expect(mine.map((r) => BigInt(r.seq))).toEqual([1n, 2n].map((d) => BigInt(writer.rows[1]!.seq) + d));
    } finally {
      await writer.client.end();
    }
    expect((await verifyAuditTable(rowsQuery(dsA))).problems).toEqual([]);
  });
});
