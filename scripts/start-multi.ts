/**
 * `npm run start:multi`: the hub as four processes, the way production runs it (see Procfile): the
 * three subgraphs, each on its own database, and then the gateway, each with only its own keys.
 * PostgreSQL is DATABASE_URL's server (the embedded one in development when none is given).
 * SIGTERM/SIGINT stop the gateway first (it drains), then the subgraphs; exit 0 when all stopped cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
// The core's modules themselves, not its package index (which loads the whole hub: about 2 s of CPU): this process only
// reads the configuration, starts the embedded PostgreSQL when needed and supervises the four parts.
import { SERVICE_NAMES, processEnvironment } from '@ipvi/core/src/config';
import type { EmbeddedServer } from '@ipvi/core/src/db/embedded';
import { createLogger, errorFields } from '@ipvi/core/src/logger';
import { embeddedServerIfNeeded } from '@ipvi/core/src/server/databases';
import { configOrExit } from '@ipvi/core/src/server/main';
import { readEnvFile } from './keys';

const HELP = `Usage: npm run start:multi [-- --keys DIR] [--seed]

Starts incidents, tiering and victim-services (each: npm start -w services/NAME) and then the gateway
(npm start -w gateway) as four processes.
  --keys DIR   load DIR/<part>.env into each process (as written by \`npm run keys -- --out DIR\`);
               required with HUB_ENV=production
  --seed       load the demo data into each subgraph (development)

Environment: DATABASE_URL (a PostgreSQL server; each subgraph uses its own database on it), PORT,
INCIDENTS_PORT, TIERING_PORT, VICTIM_SERVICES_PORT, HOST, HUB_ENV, LOG_LEVEL.
`;

const ROOT = path.resolve(__dirname, '..');
const PARTS = [...SERVICE_NAMES.map((n) => ({ name: n as string, main: `services/${n}/src/main.ts` })), { name: 'gateway', main: 'gateway/src/main.ts' }];

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

async function healthy(url: string, ms: number, exited: () => boolean): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end && !exited()) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1000) })).status === 200) return true;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

function prefixed(name: string, stream: NodeJS.ReadableStream, out: NodeJS.WritableStream): void {
  let rest = '';
  stream.on('data', (d: Buffer) => {
    const lines = (rest + d.toString()).split('\n');
    rest = lines.pop() ?? '';
    for (const l of lines) out.write(`[${name}] ${l}\n`);
  });
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) return void process.stdout.write(HELP);
  const keysDir = arg(argv, 'keys');
  // The parent needs what the gateway knows (ports, URLs; in production its keys pass loadConfig); each part checks its own keys.
  const config = configOrExit([], { ...processEnvironment(), ...(keysDir ? readEnvFile(path.join(keysDir, 'gateway.env')) : {}) });
  if (config.mode === 'production' && !keysDir) {
    process.stderr.write('start:multi: production needs --keys DIR (npm run keys -- --out DIR)\n');
    process.exit(2);
  }
  if (config.mode === 'production' && SERVICE_NAMES.some((n) => !config.services[n].databaseUrl)) {
    process.stderr.write('start:multi: production needs DATABASE_URL (or each <SERVICE>_DATABASE_URL): no embedded PostgreSQL in production\n');
    process.exit(2);
  }
  const log = createLogger(config.logLevel, { service: 'start-multi' });
  let embedded: EmbeddedServer | undefined;
  try {
    embedded = await embeddedServerIfNeeded(config, SERVICE_NAMES, log);
  } catch (e) {
    process.stderr.write(`start:multi cannot start its database: ${e instanceof Error ? e.message : String(e)}\nSet DATABASE_URL to a PostgreSQL server.\n`);
    process.exit(1);
  }
  const children = new Map<string, { proc: ChildProcess; exit: Promise<number | null>; done: boolean }>();
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    let clean = code === 0;
    const stop = async (name: string) => {
      const c = children.get(name);
      if (!c) return;
      if (!c.done) c.proc.kill('SIGTERM');
      if ((await c.exit) !== 0) clean = false;
    };
    // The gateway first: it drains its in-flight requests while the subgraphs still answer them. Then the subgraphs, together.
    await stop('gateway');
    await Promise.all(SERVICE_NAMES.map(stop));
    await embedded?.stop().catch((e: unknown) => log.error('could not stop the embedded PostgreSQL', errorFields(e)));
    process.exit(clean ? 0 : 1);
  };
  process.on('SIGTERM', () => void stopAll(0));
  process.on('SIGINT', () => void stopAll(0));

  const base: NodeJS.ProcessEnv = { ...processEnvironment(), ...(embedded ? { DATABASE_URL: embedded.url } : {}) };
  /** Starts one part; resolves once its /health answers (false when it exited or did not come up). */
  const launch = async (part: (typeof PARTS)[number]): Promise<boolean> => {
    if (stopping) return false;
    const env = { ...base, ...(keysDir ? readEnvFile(path.join(keysDir, `${part.name}.env`)) : {}) };
    // As `npm start -w` runs it (node --require scripts/load-ts.js), not the tsx CLI: its signal relay SIGKILLs a child that
    // is slow (30 ms) to acknowledge SIGTERM.
    const args = [
      '--require',
      path.join(ROOT, 'scripts/load-ts.js'),
      path.join(ROOT, part.main),
      ...(argv.includes('--seed') && part.name !== 'gateway' ? ['--seed'] : []),
    ];
    const proc = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    prefixed(part.name, proc.stdout!, process.stdout);
    prefixed(part.name, proc.stderr!, process.stderr);
    const entry = { proc, done: false, exit: new Promise<number | null>((r) => proc.once('exit', (c) => r(c))) };
    void entry.exit.then((c) => {
      entry.done = true;
      if (!stopping) {
        log.error('a part exited; stopping the others', { part: part.name, code: c });
        void stopAll(1);
      }
    });
    children.set(part.name, entry);
    const url = part.name === 'gateway' ? config.gatewayUrl : config.services[part.name as (typeof SERVICE_NAMES)[number]].url;
    if (await healthy(url.replace(/\/graphql$/, '/health'), 120_000, () => entry.done)) return true;
    if (!stopping) log.error('a part did not come up', { part: part.name });
    return false;
  };
  // The three subgraphs start together (each on its own database); the gateway once all of them answer.
  const subgraphsUp = await Promise.all(PARTS.filter((p) => p.name !== 'gateway').map(launch));
  if (!subgraphsUp.every(Boolean) || !(await launch(PARTS.find((p) => p.name === 'gateway')!))) return void stopAll(1);
  process.stdout.write(`
IPVI Hub is up as four processes (${config.mode})
  Gateway    ${config.gatewayUrl}   (GET /health, /ready)
  Subgraphs  ${SERVICE_NAMES.map((n) => `${n} ${config.services[n].url}`).join('\n             ')}
Ctrl-C (or SIGTERM) stops the gateway first, then the subgraphs.
`);
}

void main(process.argv.slice(2));
