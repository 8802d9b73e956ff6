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
  loadConfig,
  loadOrCreateDevKeys,
  signDemoToken,
  startTemporaryPostgres,
  type Role,
  type ServiceName,
} from '@ipvi/core';
import { startHub, type RunningHub } from '../../scripts/hub';

export interface BenchHub {
  readonly hub: RunningHub;
  readonly url: string;
  token(role: Role, agency?: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startBenchHub(env: Record<string, string> = {}): Promise<BenchHub> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipvi-bench-'));
  fs.chmodSync(dir, 0o755);
  const pg = await startTemporaryPostgres(createLogger('warn'));
  const config = loadConfig({ HUB_ENV: 'test', HUB_STATE_DIR: path.join(dir, 'state'), LOG_LEVEL: 'warn', ...env });
  const databaseUrls = Object.fromEntries(SERVICE_NAMES.map((n) => [n, databaseUrl(pg.url, n.replace(/-/g, '_'))])) as Record<ServiceName, string>;
  const hub = await startHub({ config, log: createLogger('warn'), databaseUrls, seed: true, port: 0, consumers: false });
  for (const s of Object.values(hub.services)) for (const c of s.consumers) await c.drain();
  const keys = await loadOrCreateDevKeys(config.stateDir);
  const key = await importKey(keys.idp.privateJwk, 'ES256');
  return {
    hub,
    url: hub.gateway.url,
    token: (role, agency) =>
      signDemoToken(key, keys.idp.kid, config.auth.issuer, config.auth.audience, {
        role,
        agency: agency ?? (role.startsWith('ADVOCATE') ? 'ADV-FSP-01' : 'NC0410200'),
      }),
    stop: async () => {
      await hub.stop();
      await pg.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs autocannon in its own process (so the load generator does not share the hub's event loop). */
export async function loadTest(opts: {
  url: string;
  token: string;
  body: unknown;
  connections?: number;
  seconds?: number;
}): Promise<{ rps: number; p50: number; p99: number; errors: number; non2xx: number }> {
  const { spawn } = await import('node:child_process');
  const bin = path.resolve(__dirname, '..', '..', 'node_modules', '.bin', 'autocannon');
  const args = [
    '-j',
    '-c',
    String(opts.connections ?? 50),
    '-d',
    String(opts.seconds ?? 10),
    '-m',
    'POST',
    '-H',
    'content-type=application/json',
    '-H',
    `authorization=Bearer ${opts.token}`,
    '-b',
    JSON.stringify(opts.body),
    opts.url,
  ];
  const out = await new Promise<string>((resolve, reject) => {
    const p = spawn(bin, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    p.stdout.on('data', (d) => (text += d));
    p.on('error', reject);
    p.on('close', () => resolve(text));
  });
  const r = JSON.parse(out) as { requests: { average: number }; latency: { p50: number; p99: number }; errors: number; non2xx: number };
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx };
}
