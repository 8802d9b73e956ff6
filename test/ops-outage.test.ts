/**
 * A subgraph that goes away or hangs: the gateway answers the rest with an error on each missing
 * field's path (and within its per-subgraph timeout), a frozen table costs a statement its timeout
 * rather than forever, and feed readers pick up new events within 2 s of the subgraph's return.
 */
import type * as Core from '@ipvi/core';
import { Client } from 'pg';
import { internalVerifierFor, startSubgraph } from '@ipvi/core';
import { incidentsService } from '@ipvi/incidents';
import { recordIncident } from './fixtures/incidents';
import { startTestHub, type TestHub } from './harness/hub';

let t: TestHub;
let back: { close(): Promise<void> } | undefined;
beforeAll(async () => {
  t = await startTestHub({ consumers: true, env: { SUBGRAPH_TIMEOUT_MS: '5000', DB_STATEMENT_TIMEOUT_MS: '8000' } });
});
afterAll(async () => {
  await back?.close();
  await t.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const OFFENDERS = '{ offenders(first: 2) { edges { node { id tier { level } } } } }';
type Offenders = { offenders: { edges: { node: { id: string; tier: unknown } }[] } };

async function tiersOf(offenderId: string): Promise<number> {
  const [row] = await t.sql<{ n: string }>('tiering', 'SELECT count(*) AS n FROM tier_assignment WHERE offender_id = $1', [offenderId]);
  return Number(row!.n);
}

it('tiers a new incident within 2 s of the incidents subgraph coming back from an 8 s outage', async () => {
  const before = await recordIncident(t, { arrest: true });
  for (let i = 0; i < 100 && (await tiersOf(before.offenderId)) === 0; i++) await sleep(100);
  expect(await tiersOf(before.offenderId)).toBeGreaterThan(0);

  const incidents = t.hub.services.incidents;
  const port = incidents.server.port;
  await incidents.server.close();
  await sleep(8000);
  const tiering = await fetch(t.hub.services.tiering.server.url.replace('/graphql', '/ready'));
  expect(((await tiering.json()) as { feeds: { state: string }[] }).feeds[0]!.state).toBe('failing');

  back = await startSubgraph(
    incidentsService.definition,
    { config: t.config, dataSource: incidents.dataSource, log: silent(), verifier: await internalVerifierFor(t.config, 'incidents') },
    port,
  );
  const upAt = Date.now();
  const after = await recordIncident(t, { arrest: true });
  while ((await tiersOf(after.offenderId)) === 0 && Date.now() - upAt < 10_000) await sleep(50);
  expect(await tiersOf(after.offenderId)).toBeGreaterThan(0);
  expect(Date.now() - upAt).toBeLessThan(2000);
}, 60_000);

function silent() {
  const noop = () => undefined;
  const log = { debug: noop, info: noop, warn: noop, error: noop, child: () => log };
  return log;
}

it('answers within the subgraph timeout when a subgraph hangs, with errors on the missing fields, and the hung statement is cancelled', async () => {
  await recordIncident(t, {});
  const lock = new Client({ connectionString: t.databaseUrls.tiering });
  lock.on('error', () => undefined);
  await lock.connect();
  try {
    await lock.query('BEGIN');
    await lock.query('LOCK TABLE tier_assignment IN ACCESS EXCLUSIVE MODE');
    const started = Date.now();
    const res = await t.query<Offenders>('OFFICER', OFFENDERS);
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(4900);
    expect(took).toBeLessThan(9000);
    const edges = res.data!.offenders.edges;
    expect(edges.length).toBeGreaterThan(0);
    expect(edges.every((e) => typeof e.node.id === 'string' && e.node.tier === null)).toBe(true);
    expect(res.errors!.map((e) => [e.path, e.extensions!.code])).toEqual(
      edges.map((_, i) => [['offenders', 'edges', i, 'node', 'tier'], 'SUBGRAPH_UNAVAILABLE']),
    );
    // The tiering statement waiting on the lock is cancelled by its statement timeout (8 s), not left waiting.
    const waiting = async () =>
      Number((await lock.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`)).rows[0].n);
    const end = Date.now() + 8000;
    while ((await waiting()) > 0 && Date.now() < end) await sleep(100);
    expect(await waiting()).toBe(0);
  } finally {
    await lock.query('ROLLBACK').catch(() => undefined);
    await lock.end();
  }
}, 60_000);

it('answers without a stopped subgraph, with an error on the path of each of its fields', async () => {
  await t.hub.services.tiering.server.close();
  const res = await t.query<Offenders>('OFFICER', OFFENDERS);
  const edges = res.data!.offenders.edges;
  expect(edges.length).toBeGreaterThan(0);
  expect(res.errors!.map((e) => [e.path, e.extensions!.code, e.message])).toEqual(
    edges.map((_, i) => [['offenders', 'edges', i, 'node', 'tier'], 'SUBGRAPH_UNAVAILABLE', 'This part of the graph is temporarily unavailable.']),
  );
  const root = await t.query<{ incidents: { totalCount: number }; notification: unknown }>(
    'OFFICER',
    '{ incidents(first: 1) { totalCount } notification(id: "0a000000-0000-4000-8000-000000000001") { id } }',
  );
  expect(root.data!.incidents.totalCount).toBeGreaterThan(0);
  expect(root.data!.notification).toBeNull();
  expect(root.errors!.map((e) => [e.path, e.extensions!.code])).toEqual([[['notification'], 'SUBGRAPH_UNAVAILABLE']]);
});

describe("a feed that refuses the service's identity", () => {
  let r: TestHub;
  beforeAll(async () => {
    const { generateKeyPairJwk } = jest.requireActual<typeof Core>('@ipvi/core');
    const untrusted = await generateKeyPairJwk('untrusted-tiering-key');
    r = await startTestHub({ consumers: true, env: { TIERING_SERVICE_JWK: JSON.stringify(untrusted.privateJwk) } });
  });
  afterAll(() => r.stop());

  it("shows on the consumer's /ready (503, refused) while the other consumer stays ready", async () => {
    const readyOf = async (url: string) => {
      const res = await fetch(url.replace('/graphql', '/ready'));
      return {
        status: res.status,
        body: (await res.json()) as { status: string; database: string; feeds: { consumer: string; state: string; lastError?: string }[] },
      };
    };
    let tiering = await readyOf(r.hub.services.tiering.server.url);
    for (let i = 0; i < 50 && tiering.status === 200; i++) {
      await sleep(100);
      tiering = await readyOf(r.hub.services.tiering.server.url);
    }
    expect(tiering.status).toBe(503);
    expect(tiering.body.database).toBe('ok');
    const incidentsFeed = tiering.body.feeds.find((f) => f.consumer === 'tiering:incidents')!;
    expect(incidentsFeed.state).toBe('refused');
    expect(incidentsFeed.lastError).toContain(r.url);
    const victims = await readyOf(r.hub.services['victim-services'].server.url);
    expect(victims.status).toBe(200);
    expect(victims.body.feeds.every((f) => f.state === 'ok')).toBe(true);
  });
});
