import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../logger';
import { alive as running } from './embedded';
import { startPostgres } from './postgres-process';

/** A stand-in `postgres` binary: a shell script that writes its pid, then runs `body`. */
function fakeBin(body: string): { bin: string; pidFile: string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipvi-fake-pg-'));
  const pidFile = path.join(dir, 'pid');
  fs.writeFileSync(path.join(dir, 'postgres'), `#!/bin/sh\necho $$ > '${pidFile}'\n${body}\n`, { mode: 0o755 });
  return { bin: dir, pidFile, dir };
}

async function gone(pid: number, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (running(pid) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return !running(pid);
}

describe('starting a PostgreSQL server process', () => {
  const made: string[] = [];
  afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('fails, naming the wait, when the server never reports ready, and kills it (no start waits for ever)', async () => {
    const fake = fakeBin('exec sleep 60');
    made.push(fake.dir);
    await expect(startPostgres(fake.bin, fake.dir, 1, undefined, [], createLogger('silent'), 500)).rejects.toThrow('postgres did not report ready within 1 s');
    const pid = Number(fs.readFileSync(fake.pidFile, 'utf8'));
    expect(await gone(pid, 5000)).toBe(true);
  });

  it('resolves once the server says it accepts connections, and stop() ends it', async () => {
    const fake = fakeBin("echo 'LOG:  database system is ready to accept connections' >&2\nexec sleep 60");
    made.push(fake.dir);
    const server = await startPostgres(fake.bin, fake.dir, 1, undefined, [], createLogger('silent'), 10_000);
    const pid = Number(fs.readFileSync(fake.pidFile, 'utf8'));
    expect(running(pid)).toBe(true);
    await server.stop({ immediate: true });
    expect(await gone(pid, 5000)).toBe(true);
  });
});
