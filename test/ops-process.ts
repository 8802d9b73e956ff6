/**
 * Running the hub's real entry points as child processes for the operations tests: spawn a script
 * as `npm start` does (node --require scripts/load-ts.js), read its output, wait for a line, send it signals, and always reap it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { SERVICE_NAMES, databaseUrl, dropDatabase, type ServiceName } from '@ipvi/core';
import { cloneDatabases } from './harness/templates';

export const ROOT = path.resolve(__dirname, '..');

export interface RunningChild {
  readonly proc: ChildProcess;
  /** Everything it wrote so far (stdout and stderr). */
  output(): string;
  /** Resolves with the first match of `re` in its output; rejects after `ms` or when it exits first. */
  waitFor(re: RegExp, ms: number): Promise<RegExpMatchArray>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL if still running (after a failed test). */
  reap(): void;
}

export function runScript(
  script: string,
  args: string[],
  env: Record<string, string | undefined>,
  opts: { cwd?: string; uid?: number; gid?: number } = {},
): RunningChild {
  // As `npm start` runs it, with the checkout's own loader (scripts/load-ts.js; the tsx CLI's signal relay would SIGKILL a
  // child slow to acknowledge SIGTERM).
  const cwd = opts.cwd ?? ROOT;
  const proc = spawn(
    process.execPath,
    ['--require', path.join(cwd, 'scripts/load-ts.js'), path.isAbsolute(script) ? script : path.join(ROOT, script), ...args],
    {
      cwd,
      env: Object.fromEntries(Object.entries({ ...process.env, ...env }).filter(([, v]) => v !== undefined)) as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
      uid: opts.uid,
      gid: opts.gid,
    },
  );
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    out += d.toString();
    listeners.forEach((l) => l());
  };
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let done = false;
  void exited.then(() => {
    done = true;
    listeners.forEach((l) => l());
  });
  return {
    proc,
    exited,
    output: () => out,
    waitFor: (re, ms) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const m = re.exec(out);
          if (m) return finish(() => resolve(m));
          if (done) return finish(() => reject(new Error(`exited before printing ${re}:\n${out.slice(-3000)}`)));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`no ${re} within ${ms} ms:\n${out.slice(-3000)}`))), ms);
        const finish = (f: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          f();
        };
        listeners.add(check);
        check();
      }),
    reap: () => {
      if (!done) proc.kill('SIGKILL');
    },
  };
}

export interface ChildDatabases {
  /** DATABASE_URL (the run's server) and each service's <SERVICE>_DATABASE_NAME. */
  readonly env: Record<string, string>;
  readonly urls: Record<ServiceName, string>;
  drop(): Promise<void>;
}

/** Fresh database names on the test run's server, for a hub started as a child process (which creates and migrates them). */
export function freshDatabases(prefix = `o${randomBytes(5).toString('hex')}`): ChildDatabases {
  const server = process.env.IPVI_TEST_PG_URL;
  if (!server) throw new Error('IPVI_TEST_PG_URL is not set: run through jest');
  const env: Record<string, string> = { DATABASE_URL: server };
  const urls = {} as Record<ServiceName, string>;
  for (const n of SERVICE_NAMES) {
    const name = `${prefix}_${n.replace(/-/g, '_')}`;
    env[`${n.toUpperCase().replace(/-/g, '_')}_DATABASE_NAME`] = name;
    urls[n] = databaseUrl(server, name);
  }
  return { env, urls, drop: async () => void (await Promise.all(Object.values(urls).map((u) => dropDatabase(u)))) };
}

/**
 * Databases cloned from this run's migrated template under fresh names, for a hub started as a child process when the
 * test is not about migrations: the children start without running every migration again (ops-migrations tests those).
 */
export async function migratedDatabases(): Promise<ChildDatabases> {
  const prefix = `o${randomBytes(5).toString('hex')}`;
  const dbs = freshDatabases(prefix);
  const urls = await cloneDatabases(process.env.IPVI_TEST_PG_URL!, prefix, { seed: false, env: {} });
  for (const n of SERVICE_NAMES) if (urls[n] !== dbs.urls[n]) throw new Error(`cloned ${urls[n]}, expected ${dbs.urls[n]}`);
  return dbs;
}
