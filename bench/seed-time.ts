/**
 * Seed benchmark (a script, not a test): runs each service's demo seed into a fresh migrated
 * database and prints how long it took (the seed's speed is a figure to watch, not a test to fail).
 *   npx tsx bench/seed-time.ts [--runs N]
 * Uses DATABASE_URL's server when set, else a throw-away embedded PostgreSQL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SERVICE_NAMES, createLogger, databaseUrl, dropDatabase, loadConfig, openServiceDatabase, startTemporaryPostgres } from '@ipvi/core';
import { SERVICES } from '../scripts/hub';

const argv = process.argv.slice(2);
const runs = argv.includes('--runs') ? Number(argv[argv.indexOf('--runs') + 1]) : 3;

async function main(): Promise<void> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipvi-bench-seed-'));
  const config = loadConfig({ ...process.env, HUB_ENV: 'test', HUB_STATE_DIR: stateDir, LOG_LEVEL: 'silent' });
  const shared = config.services.incidents.databaseUrl;
  const embedded = shared ? undefined : await startTemporaryPostgres(createLogger('warn'));
  try {
    for (const s of SERVICE_NAMES) {
      const mod = SERVICES[s];
      if (!mod.seed) continue;
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const url = databaseUrl(shared ?? embedded!.url, `bench_seed_${s.replace(/-/g, '_')}_${process.pid}_${i}`);
        const ds = await openServiceDatabase(mod, url);
        try {
          const t0 = process.hrtime.bigint();
          await mod.seed(ds, { log: createLogger('silent'), config });
          times.push(Number(process.hrtime.bigint() - t0) / 1e6);
        } finally {
          await ds.destroy();
          await dropDatabase(url).catch(() => undefined);
        }
      }
      times.sort((a, b) => a - b);
      process.stdout.write(`${s} seed: median ${times[Math.floor(times.length / 2)]!.toFixed(0)} ms, min ${times[0]!.toFixed(0)} ms over ${runs} runs\n`);
    }
  } finally {
    await embedded?.stop();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
}

void main();
