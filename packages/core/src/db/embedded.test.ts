import fs from 'node:fs';
import os from 'node:os';
import { memoryFolder, sweepStaleTemporaryFolders } from './embedded';

/** Whether this machine has a tmpfs at /dev/shm (Linux; a container may not). */
const shmIsTmpfs = (() => {
  try {
    return fs.statfsSync('/dev/shm').type === 0x01021994;
  } catch {
    return false;
  }
})();

describe("a throwaway server's folder in memory", () => {
  (shmIsTmpfs ? it : it.skip)('is /dev/shm when that tmpfs has the room asked for', () => {
    expect(memoryFolder('/dev/shm', 1)).toBe('/dev/shm');
  });

  it('is none when the tmpfs has less room than asked for (a container gives 64 MB)', () => {
    expect(memoryFolder('/dev/shm', Number.MAX_SAFE_INTEGER)).toBeUndefined();
  });

  it('is none on a folder that is not a tmpfs, or that does not exist', () => {
    const onDisk = fs.mkdtempSync(`${process.cwd()}/.ipvi-disk-`);
    try {
      if (fs.statfsSync(onDisk).type !== 0x01021994) expect(memoryFolder(onDisk, 1)).toBeUndefined();
    } finally {
      fs.rmSync(onDisk, { recursive: true, force: true });
    }
    expect(memoryFolder(`${os.tmpdir()}/ipvi-no-such-folder-${process.pid}`, 1)).toBeUndefined();
  });
});

describe("a throwaway server's stale folder", () => {
  const HOUR = 3600_000;
  let parent: string;
  const folder = (name: string, opts: { ageMs: number; pid?: number }) => {
    const dir = `${parent}/${name}`;
    fs.mkdirSync(`${dir}/data`, { recursive: true });
    if (opts.pid !== undefined) fs.writeFileSync(`${dir}/data/postmaster.pid`, `${opts.pid}\n/x\n`);
    const at = new Date(Date.now() - opts.ageMs);
    fs.utimesSync(dir, at, at);
    return dir;
  };
  beforeEach(() => {
    parent = fs.mkdtempSync(`${os.tmpdir()}/ipvi-sweep-`);
  });
  afterEach(() => fs.rmSync(parent, { recursive: true, force: true }));

  it('is removed when an hour old with no server on it (none started, or its process gone); the rest stays', () => {
    const gone = folder('ipvi-pg-gone', { ageMs: 2 * HOUR, pid: 2 ** 22 + 12345 });
    const unstarted = folder('ipvi-pg-unstarted', { ageMs: 2 * HOUR });
    const running = folder('ipvi-pg-running', { ageMs: 2 * HOUR, pid: process.pid });
    const young = folder('ipvi-pg-young', { ageMs: 60_000 });
    const other = folder('something-else', { ageMs: 2 * HOUR });
    expect(sweepStaleTemporaryFolders(parent).sort()).toEqual([gone, unstarted].sort());
    expect([running, young, other].every((d) => fs.existsSync(d))).toBe(true);
    expect([gone, unstarted].some((d) => fs.existsSync(d))).toBe(false);
  });

  it('is nothing to sweep in a folder that does not exist', () => {
    expect(sweepStaleTemporaryFolders(`${parent}/none`)).toEqual([]);
  });
});
