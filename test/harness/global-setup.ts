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
  const server = await startTemporaryPostgres(createLogger('warn'));
  globalThis.__IPVI_TEST_PG__ = server;
  process.env.IPVI_TEST_PG_URL = server.url;
}
