/**
 * The integration harness: fresh databases for each test file on the run's PostgreSQL, the three
 * subgraphs on port 0 and the gateway on the composed supergraph over real HTTP, and helpers to
 * query as a role with real JWTs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import {
  ADVOCATE_ROLES,
  DEMO_ADVOCACY_AGENCY,
  DEMO_POLICE_ORI,
  DEMO_PROVIDER_AGENCY,
  createLogger,
  importKey,
  loadConfig,
  loadOrCreateDevKeys,
  signDemoToken,
  type ConsumerEnv,
  type HubConfig,
  type Role,
  type ServiceName,
} from '@ipvi/core';
import { startHub, type RunningHub } from '../../scripts/hub';
import { cloneDatabases, type Drained } from './templates';
import { dropDatabases } from './template-names';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  /** The raw response text, to assert a value appears nowhere. */
  text: string;
  /** The request id the server answered with (its `x-request-id` header), which names the request in the audit trail. */
  requestId?: string;
}

export interface TokenOptions {
  agency?: string;
  sub?: string;
  ttlSeconds?: number;
  notBefore?: number;
}

export interface TestHub {
  readonly url: string;
  readonly config: HubConfig;
  readonly hub: RunningHub;
  readonly databaseUrls: Readonly<Record<ServiceName, string>>;
  token(role: Role, opts?: TokenOptions): Promise<string>;
  /** POSTs a GraphQL document to the gateway as a role. */
  query<T = Record<string, unknown>>(role: Role, query: string, variables?: Record<string, unknown>, opts?: TokenOptions): Promise<GraphQLResponse<T>>;
  /** POSTs with exactly these headers, to the gateway or any URL. */
  post<T = Record<string, unknown>>(url: string, body: unknown, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** The services' clock: real time plus an offset the test may move forward. */
  readonly clock: { now(): Date; advance(ms: number): void; reset(): void };
  /** Applies every pending feed event in every consumer, or in one service's consumers (instead of waiting for their polling). */
  drainFeeds(service?: ServiceName): Promise<number>;
  /** Runs SQL on a subgraph's database as the server's superuser (setting up canaries, tampering). */
  sql<T = Record<string, unknown>>(service: ServiceName, text: string, params?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

export function defaultAgency(role: Role): string {
  if (role === 'SERVICE_PROVIDER') return DEMO_PROVIDER_AGENCY;
  return ADVOCATE_ROLES.includes(role) ? DEMO_ADVOCACY_AGENCY : DEMO_POLICE_ORI;
}

/**
 * A timeout for a hook that starts a hub on drained templates: whichever file needs them first builds them in its hook
 * (migrations, the demo seed, then the tiering feed drained by a hub: ~20 s + ~35 s measured at load average 15 on the
 * 2-core machine, plus ~11 s for 'all'), and the others wait for it on the template's lock. At least 3x that.
 */
export const DRAINED_HUB_TIMEOUT_MS = 300_000;

export interface TestHubOptions {
  /** Databases with the demo data (cloned from this run's seeded template). */
  seed?: boolean;
  /**
   * With `seed`: the demo feeds already applied, as `drainFeeds(drained)` right after the seed would leave them (one
   * service's consumers, or 'all'), drained once per run into a template instead of once per file.
   */
  drained?: Drained;
  env?: Record<string, string>;
  consumers?: boolean;
}

export async function startTestHub(opts: TestHubOptions = {}): Promise<TestHub> {
  const serverUrl = process.env.IPVI_TEST_PG_URL;
  if (!serverUrl) throw new Error('IPVI_TEST_PG_URL is not set: run through jest (global setup starts PostgreSQL)');
  const prefix = `t${randomBytes(5).toString('hex')}`;
  // Cloned from this run's templates: migrated (and seeded with the demo data) once per run, not per file.
  const databaseUrls = await cloneDatabases(serverUrl, prefix, { seed: opts.seed ?? false, env: opts.env ?? {}, drained: opts.drained });
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipvi-test-'));
  // Three connections per subgraph at most: each new one costs the test server about 25 ms of CPU (a backend process), and a
  // test's requests need no more at once on two cores (measured: the exhaustive authorization test opened 46 connections
  // with pools of 10, 25 with pools of 3, and used less CPU).
  const config = loadConfig({ HUB_ENV: 'test', HUB_STATE_DIR: stateDir, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', DB_POOL_SIZE: '3', ...opts.env });
  let offset = 0;
  const clock = { now: () => new Date(Date.now() + offset), advance: (ms: number) => void (offset += ms), reset: () => void (offset = 0) };
  const hub = await startHub({
    config,
    log: createLogger(config.logLevel),
    databaseUrls,
    seed: false,
    port: 0,
    consumers: opts.consumers ?? false,
    now: clock.now,
  });
  const keys = await loadOrCreateDevKeys(stateDir);
  const idpKey = await importKey(keys.idp.privateJwk, 'ES256');
  const token = (role: Role, o: TokenOptions = {}) =>
    signDemoToken(idpKey, keys.idp.kid, config.auth.issuer, config.auth.audience, {
      role,
      agency: o.agency ?? defaultAgency(role),
      sub: o.sub,
      ttlSeconds: o.ttlSeconds,
      notBefore: o.notBefore,
    });
  // t.sql's connections: the subgraph's own pool while the subgraph runs, else a few of its own per database, opened when
  // first used and closed by stop(). (A connection per call cost the server a process each time; a pool of its own beside
  // the subgraph's opened two or three more per file.)
  const pools = new Map<ServiceName, Pool>();
  const poolOf = (service: ServiceName): Pool => {
    const ds = hub.services[service]?.dataSource;
    if (ds?.isInitialized) return (ds.driver as unknown as { master: Pool }).master;
    let pool = pools.get(service);
    if (!pool) {
      pool = new Pool({ connectionString: databaseUrls[service], max: 3 });
      // pool.end() resolves before its connections have closed, and stop() drops the database WITH (FORCE) right after:
      // an idle connection told so by the server must not surface as an uncaught error in the worker's next file.
      pool.on('error', () => undefined);
      pools.set(service, pool);
    }
    return pool;
  };
  const post = async <T>(url: string, body: unknown, headers: Record<string, string> = {}): Promise<GraphQLResponse<T>> => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const text = await res.text();
    let parsed: { data?: T | null; errors?: GraphQLResponse['errors'] } = {};
    try {
      parsed = JSON.parse(text);
    } catch {
      /* keep text */
    }
    const requestId = res.headers.get('x-request-id') ?? undefined;
    return { status: res.status, data: parsed.data, errors: parsed.errors, text, ...(requestId ? { requestId } : {}) };
  };
  return {
    url: hub.gateway.url,
    config,
    hub,
    databaseUrls,
    clock,
    token,
    post,
    query: async <T>(role: Role, query: string, variables?: Record<string, unknown>, o?: TokenOptions) =>
      post<T>(hub.gateway.url, { query, variables }, { authorization: `Bearer ${await token(role, o)}` }),
    sql: async <T>(service: ServiceName, text: string, params: unknown[] = []) => (await poolOf(service).query(text, params)).rows as T[],
    drainFeeds: async (service?: ServiceName) => {
      let total = 0;
      for (const s of service ? [hub.services[service]] : Object.values(hub.services)) for (const c of s.consumers) total += await c.drain();
      return total;
    },
    stop: async () => {
      await hub.stop();
      await Promise.all([...pools.values()].map((p) => p.end()));
      await dropDatabases(
        serverUrl,
        Object.values(databaseUrls).map((u) => decodeURIComponent(new URL(u).pathname.slice(1))),
      );
      fs.rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** The codes of a response's errors, in order. */
export function codes(res: GraphQLResponse): string[] {
  return (res.errors ?? []).map((e) => String(e.extensions?.code));
}

/** The response's data; fails naming its errors when it has any (so a broken setup step names its cause). */
export function ok<T>(res: GraphQLResponse<T>): T {
  if (res.errors?.length || !res.data) throw new Error(`unexpected errors: ${JSON.stringify(res.errors)}`);
  return res.data;
}

/**
 * A response's text without the per-request id every error carries (`extensions.requestId`), so two
 * answers can be compared byte for byte: "looks exactly like a missing one" means all but that id.
 */
export function withoutRequestIds(text: string): string {
  return text.replace(/,"requestId":"[^"]*"|"requestId":"[^"]*",?/g, '');
}

/** What a feed consumer needs to run against a test hub's gateway, logging nothing. */
export function consumerEnv(t: TestHub, ds: DataSource): ConsumerEnv {
  return { ds, config: t.config, log: createLogger('silent'), gatewayUrl: () => t.url };
}
