import fs from 'node:fs';
import path from 'node:path';

export default async function globalTeardown(): Promise<void> {
  await globalThis.__IPVI_TEST_PG__?.stop();
  if (process.env.IPVI_TEST_PG_DIR) fs.rmSync(path.dirname(process.env.IPVI_TEST_PG_DIR), { recursive: true, force: true });
}
