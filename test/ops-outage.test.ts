/**
 * A subgraph that goes away or hangs: the gateway answers the rest with an error on each missing
 * field's path (after its per-subgraph timeout, while the hung statement still waits), a frozen table
 * costs a statement its timeout rather than forever, and feed readers that saw the subgraph fail pick
 * up new events once it is back (how soon, at most a second apart, is the consumer's unit test).
 */
import type * as Core from '@ipvi/core';
import { Client } from 'pg';
import { clientVerifierFor, createLogger, internalSignerFor, internalVerifierFor, startSubgraph, type ServiceName } from '@ipvi/core';
import { startGateway } from '@ipvi/gateway';
import { incidentsService } from '@ipvi/incidents';
import { recordIncident } from './fixtures/incidents';
import { startTestHub, type TestHub } from './harness/hub';

/**
 * The per-subgraph timeout of the hang test's own gateway, and the statement timeout of the hub it runs on: far enough apart
 * to tell which one ended a hung request, with 5 s between them: the test checks the statement still waits once the gateway
 * has answered, and under a loaded CI run (this test shares the machine with the concurrent outage test and another worker)
 * that answer may come seconds after its timeout. The hubs' gateways keep their default timeout, so no other request here
 * races a short one.
 */
const SUBGRAPH_TIMEOUT_MS = 1000;
const STATEMENT_TIMEOUT_MS = 6000;

/** The outage tests' hub. */
let t: TestHub;
/**
 * A second hub, started beside `t`: its tiering service signs with a key the gateway does not trust (the last describe), and
 * its statements time out early (the hang test, which runs on it while the outage test waits on `t`: both mostly wait).
 */
let r: TestHub;
let back: { close(): Promise<void> } | undefined;
beforeAll(async () => {
  const { generateKeyPairJwk } = jest.requireActual<typeof Core>('@ipvi/core');
  const untrusted = await generateKeyPairJwk('untrusted-tiering-key');
  [t, r] = await Promise.all([
    startTestHub(),
    startTestHub({
      consumers: true,
      env: { TIERING_SERVICE_JWK: JSON.stringify(untrusted.privateJwk), DB_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS) },
    }),
  ]);
  // On the outage hub only tiering's incident feed reader polls (every 250 ms): the one the outage test watches. The
  // hub's four other readers would only add polls through the gateway while the tests wait.
  t.hub.services.tiering.consumers[0]!.start(t.config.feedPollMs);
});
afterAll(async () => {
  await back?.close();
  await Promise.all([t?.stop(), r?.stop()]);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits (polling every 50 ms) until `check` holds; the bound is only there to fail a test that would hang. */
async function until(what: string, check: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await sleep(50);
  }
}
const OFFENDERS = '{ offenders(first: 2) { edges { node { id tier { level } } } } }';
type Offenders = { offenders: { edges: { node: { id: string; tier: unknown } }[] } };

async function tiersOf(offenderId: string): Promise<number> {
  const [row] = await t.sql<{ n: string }>('tiering', 'SELECT count(*) AS n FROM tier_assignment WHERE offender_id = $1', [offenderId]);
  return Number(row!.n);
}

// The first two tests run together, on the two hubs: each spends most of its time waiting (a back-off, a timeout).
it.concurrent(
  'tiers a new incident once the incidents subgraph is back from an outage its feed reader saw failing',
  async () => {
    const before = await recordIncident(t, { arrest: true });
    await until('the first incident is tiered', async () => (await tiersOf(before.offenderId)) > 0);

    const incidents = t.hub.services.incidents;
    const port = incidents.server.port;
    await incidents.server.close();
    const feedState = async () => {
      const res = await fetch(t.hub.services.tiering.server.url.replace('/graphql', '/ready'));
      return ((await res.json()) as { feeds: { state: string }[] }).feeds[0]!.state;
    };
    await until("tiering's feed reader sees the outage", async () => (await feedState()) === 'failing');
    // Long enough for its back-off to reach the cap (250 + 500 + 1000 ms at the default 250 ms poll): the outage is not a blip.
    await sleep(2500);
    expect(await feedState()).toBe('failing');

    back = await startSubgraph(
      incidentsService.definition,
      { config: t.config, dataSource: incidents.dataSource, log: silent(), verifier: await internalVerifierFor(t.config, 'incidents') },
      port,
    );
    const after = await recordIncident(t, { arrest: true });
    await until('the incident recorded after the outage is tiered', async () => (await tiersOf(after.offenderId)) > 0);
    expect(await feedState()).toBe('ok');
  },
  120_000,
);

function silent() {
  const noop = () => undefined;
  const log = { debug: noop, info: noop, warn: noop, error: noop, child: () => log };
  return log;
}

it.concurrent(
  'answers after the subgraph timeout when a subgraph hangs, with errors on the missing fields, and the hung statement is cancelled',
  async () => {
    await recordIncident(r, {});
    // A second gateway over the same subgraphs, with a short per-subgraph timeout.
    const subgraphUrls = Object.fromEntries(Object.entries(r.hub.services).map(([n, s]) => [n, s.server.url])) as Record<ServiceName, string>;
    const config = { ...r.config, timeouts: { ...r.config.timeouts, subgraphMs: SUBGRAPH_TIMEOUT_MS } };
    const gateway = await startGateway(
      { config, log: createLogger('silent'), clientVerifier: await clientVerifierFor(config), signer: await internalSignerFor(config), subgraphUrls },
      0,
    );
    const lock = new Client({ connectionString: r.databaseUrls.tiering });
    lock.on('error', () => undefined);
    await lock.connect();
    try {
      await lock.query('BEGIN');
      await lock.query('LOCK TABLE tier_assignment IN ACCESS EXCLUSIVE MODE');
      const waiting = async () =>
        Number((await lock.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`)).rows[0].n);
      const started = Date.now();
      const res = await r.post<Offenders>(gateway.url, { query: OFFENDERS }, { authorization: `Bearer ${await r.token('OFFICER')}` });
      // The gateway gave up on its own timeout (a timer never fires early) while tiering's statement was still waiting on the
      // lock: the answer did not wait for the statement timeout, nor come from anything but the hung fetch.
      expect(await waiting()).toBeGreaterThan(0);
      expect(Date.now() - started).toBeGreaterThanOrEqual(SUBGRAPH_TIMEOUT_MS - 100);
      const edges = res.data!.offenders.edges;
      expect(edges.length).toBeGreaterThan(0);
      expect(edges.every((e) => typeof e.node.id === 'string' && e.node.tier === null)).toBe(true);
      expect(res.errors!.map((e) => [e.path, e.extensions!.code])).toEqual(
        edges.map((_, i) => [['offenders', 'edges', i, 'node', 'tier'], 'SUBGRAPH_UNAVAILABLE']),
      );
      // The tiering statement waiting on the lock is cancelled by its statement timeout, not left waiting (the lock is still held).
      await until('the hung statement is cancelled', async () => (await waiting()) === 0);
    } finally {
      await lock.query('ROLLBACK').catch(() => undefined);
      await lock.end();
      await gateway.close(1000);
    }
  },
  60_000,
);

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
