import fs from 'node:fs';
import os from 'node:os';
import { memoryFolder } from './embedded';

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
