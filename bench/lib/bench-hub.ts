/**
 * A whole hub for benchmarks: an embedded PostgreSQL in a temp folder on a free port, fresh
 * databases, demo data, the subgraphs and gateway on free ports. Benchmarks print figures; nothing
 * here asserts timings.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  SERVICE_NAMES,
  createLogger,
  databaseUrl,
  importKey,
  internalSignerFor,
  clientVerifierFor,
  loadConfig,
  loadOrCreateDevKeys,
  principalFromClaims,
  signDemoToken,
  startService,
  startTemporaryPostgres,
  type HubConfig,
  type Role,
  type RunningServer,
  type ServiceName,
  type StartedService,
} from '@ipvi/core';
import { startGateway, type QueryLimits } from '@ipvi/gateway';
import { SERVICES } from '../../scripts/hub';

export interface BenchHub {
  /** The running parts (the same shape scripts/hub.ts gives `npm start`). */
  readonly hub: { readonly gateway: RunningServer; readonly services: Readonly<Record<ServiceName, StartedService>> };
  readonly url: string;
  readonly config: HubConfig;
  /** The environment the hub was configured from (a gateway started in its own process needs the same). */
  readonly env: Readonly<Record<string, string>>;
  /** The PostgreSQL databases of the subgraphs. */
  readonly databaseUrls: Readonly<Record<ServiceName, string>>;
  token(role: Role, agency?: string): Promise<string>;
  /** The internal identity the gateway would send a subgraph for this role (for calling a subgraph directly). */
  internalToken(role: Role, audience: ServiceName, agency?: string): Promise<string>;
  stop(): Promise<void>;
}

export interface BenchHubOptions {
  /** Overrides of the gateway's query limits (the benchmark raises the per-subject rate limit). */
  readonly limits?: Partial<QueryLimits>;
  /** Start the feed consumers after the first drain (default false). */
  readonly consumers?: boolean;
}

const agencyOf = (role: Role, agency?: string) => agency ?? (role.startsWith('ADVOCATE') ? 'ADV-FSP-01' : 'NC0410200');

export async function startBenchHub(extraEnv: Record<string, string> = {}, opts: BenchHubOptions = {}): Promise<BenchHub> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipvi-bench-'));
  fs.chmodSync(dir, 0o755);
  const log = createLogger('warn');
  const pg = await startTemporaryPostgres(log);
  const env = { HUB_ENV: 'test', HUB_STATE_DIR: path.join(dir, 'state'), LOG_LEVEL: 'warn', ...extraEnv };
  const config = loadConfig(env);
  const databaseUrls = Object.fromEntries(SERVICE_NAMES.map((n) => [n, databaseUrl(pg.url, n.replace(/-/g, '_'))])) as Record<ServiceName, string>;
  let gatewayUrl = config.gatewayUrl;
  const started = await Promise.all(
    SERVICE_NAMES.map((name) =>
      startService(SERVICES[name], { config, log, databaseUrl: databaseUrls[name], port: 0, seed: true, gatewayUrl: () => gatewayUrl }),
    ),
  );
  const services = Object.fromEntries(started.map((s) => [s.name, s])) as Record<ServiceName, StartedService>;
  const signer = await internalSignerFor(config);
  const gateway = await startGateway(
    {
      config,
      log,
      clientVerifier: await clientVerifierFor(config),
      signer,
      subgraphUrls: Object.fromEntries(started.map((s) => [s.name, s.server.url])) as Record<ServiceName, string>,
      limits: opts.limits,
    },
    0,
  );
  gatewayUrl = gateway.url;
  for (const s of started) for (const c of s.consumers) await c.drain();
  if (opts.consumers) started.forEach((s) => s.startConsumers());
  const keys = await loadOrCreateDevKeys(config.stateDir);
  const key = await importKey(keys.idp.privateJwk, 'ES256');
  return {
    hub: { gateway, services },
    url: gateway.url,
    config,
    env,
    databaseUrls,
    token: (role, agency) => signDemoToken(key, keys.idp.kid, config.auth.issuer, config.auth.audience, { role, agency: agencyOf(role, agency) }),
    internalToken: async (role, audience, agency) => {
      const principal = principalFromClaims({ sub: `demo-${role.toLowerCase()}`, roles: [role], agency: agencyOf(role, agency) });
      if (!principal) throw new Error(`no principal for ${role}`);
      return signer.tokenFor(principal, audience);
    },
    stop: async () => {
      await Promise.all([gateway.close(2000), ...started.flatMap((s) => s.consumers.map((c) => c.stop()))]);
      await Promise.all(started.map((s) => s.stop(2000)));
      await pg.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface LoadResult {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  readonly non2xx: number;
  readonly requests: number;
}

/**
 * Runs autocannon in its own process (so the load generator does not share the hub's event loop).
 * `bodies` are sent in turn (one per request, round robin over every connection), so each request
 * can ask for a different id; `body` is the same for all.
 */
export async function loadTest(opts: {
  url: string;
  token?: string;
  headers?: Record<string, string>;
  body?: unknown;
  bodies?: readonly unknown[];
  connections?: number;
  seconds?: number;
  /** Called with the load generator's process id once it runs (to sample its memory). */
  onPid?: (pid: number) => void;
}): Promise<LoadResult> {
  const { spawn } = await import('node:child_process');
  const spec = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ipvi-load-')), 'spec.json');
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
    ...opts.headers,
  };
  fs.writeFileSync(
    spec,
    JSON.stringify({
      url: opts.url,
      headers,
      bodies: (opts.bodies ?? [opts.body]).map((b) => JSON.stringify(b)),
      connections: opts.connections ?? 50,
      seconds: opts.seconds ?? 10,
    }),
  );
  try {
    const out = await new Promise<string>((resolve, reject) => {
      const p = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'load-worker.ts'), spec], { stdio: ['ignore', 'pipe', 'inherit'] });
      if (p.pid) opts.onPid?.(p.pid);
      let text = '';
      p.stdout.on('data', (d) => (text += d));
      p.on('error', reject);
      p.on('close', () => resolve(text));
    });
    return JSON.parse(out) as LoadResult;
  } finally {
    fs.rmSync(path.dirname(spec), { recursive: true, force: true });
  }
}
