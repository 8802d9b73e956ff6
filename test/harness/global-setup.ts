/**
 * One PostgreSQL for the whole test run: TEST_DATABASE_URL when given (a real server), else an
 * embedded server on a free port with its data in a fresh folder. Test files make their own databases.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createLogger, startEmbeddedPostgres, type EmbeddedServer } from '@ipvi/core';

declare global {
  // eslint-disable-next-line no-var
  var __IPVI_TEST_PG__: EmbeddedServer | undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) {
    process.env.IPVI_TEST_PG_URL = process.env.TEST_DATABASE_URL;
    return;
  }
  const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ipvi-test-pg-')), 'data');
  fs.chmodSync(path.dirname(dataDir), 0o755);
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), log: createLogger('warn') });
  globalThis.__IPVI_TEST_PG__ = server;
  process.env.IPVI_TEST_PG_URL = server.url;
  process.env.IPVI_TEST_PG_DIR = dataDir;
}
