/**
 * One PostgreSQL for the whole test run: TEST_DATABASE_URL when given (a real server), else an
 * embedded server on a free port with its data in a fresh folder. Test files get their databases
 * cloned from this run's template databases (test/harness/templates.ts), named by the run id set here.
 */
import { randomBytes } from 'node:crypto';
import { createLogger, startTemporaryPostgres, type EmbeddedServer } from '@ipvi/core';
import { RUN_ID_ENV } from './template-names';

declare global {
  var __IPVI_TEST_PG__: EmbeddedServer | undefined;
}

export default async function globalSetup(): Promise<void> {
  process.env[RUN_ID_ENV] = randomBytes(4).toString('hex');
  if (process.env.TEST_DATABASE_URL) {
    process.env.IPVI_TEST_PG_URL = process.env.TEST_DATABASE_URL;
    return;
  }
  // Prepared statements (packages/core/src/db/preparing-client.ts) use their generic plan from the first call. With the
  // default (auto) the server planned the row-scoped reads afresh on every call (a custom plan each time, never beaten by
  // the generic one): in the exhaustive authorization test planning took more of its time than executing (pg_stat_statements:
  // 3.4 s of planning and 2.2 s of execution over 15,650 calls; with generic plans 1.6 s and 2.8 s). The answers are the
  // same; only the test server plans this way (benchmarks and npm start keep PostgreSQL's default).
  // Its data lives in memory (/dev/shm when it has room): every test file clones and drops three databases, and on ext4 each
  // created and deleted file cost the backends system time (a full run, A/B: PostgreSQL 64 s of CPU on disk, 48 s in memory).
  const server = await startTemporaryPostgres(createLogger('warn'), { settings: { plan_cache_mode: 'force_generic_plan' }, inMemory: true });
  globalThis.__IPVI_TEST_PG__ = server;
  process.env.IPVI_TEST_PG_URL = server.url;
}
