/**
 * The hub as four processes on a real PostgreSQL with a production key set: `npm run keys` makes
 * the keys, `npm run start:multi` starts the three subgraphs and the gateway with only their own
 * keys, a partner's token (from a stand-in identity provider) records an incident, the tiering
 * process reads it through the gateway with its production service key, and SIGTERM stops all four
 * with exit 0. A part started in production without a key it needs refuses to start, naming it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignJWT, importJWK, type JWK } from 'jose';
import { Client } from 'pg';
import { freePort } from '@ipvi/core';
import { generateProductionKeys, readEnvFile } from '../scripts/keys';
import { RECORD, incidentInput } from './fixtures/incidents';
import { migratedDatabases, runScript, type ChildDatabases, type RunningChild } from './ops-process';

let dir: string;
let dbs: ChildDatabases;
const children: RunningChild[] = [];
const track = (c: RunningChild) => (children.push(c), c);
/** The two refusing parts, started at once with the key generation (they exit right after loading: each is a whole process start). */
let refusals: Record<'tiering' | 'the gateway', RunningChild>;

const PRODUCTION = () => ({ ...dbs.env, HUB_ENV: 'production', HUB_STATE_DIR: path.join(dir, 'state'), LOG_LEVEL: 'info' });

/** A part's env from a key set (the `KEY='json'` lines `npm run keys` writes) without one variable. */
function without(lines: string[], variable: string): Record<string, string> {
  const env = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 2, -1)]));
  expect(env[variable]).toBeDefined();
  delete env[variable];
  return env;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipvi-multi-'));
  const keys = track(runScript('scripts/keys.ts', ['--out', path.join(dir, 'keys'), '--test-idp'], {}));
  // Migrated once per run (cloned while the keys are made): the four processes start without running the migrations, not the subject here.
  // The refusals need a full key set but one variable, not the CLI's files: the same generator, in this process.
  const [cloned, set] = await Promise.all([migratedDatabases(), generateProductionKeys({ testIdp: false })]);
  dbs = cloned;
  const gateway = without(set.gateway, 'INTERNAL_SIGNING_JWK');
  refusals = {
    tiering: track(
      runScript('services/tiering/src/main.ts', [], {
        ...PRODUCTION(),
        ...without(set.tiering, 'TIERING_SERVICE_JWK'),
        AUTH_PUBLIC_JWKS: gateway.AUTH_PUBLIC_JWKS,
      }),
    ),
    'the gateway': track(runScript('gateway/src/main.ts', [], { ...PRODUCTION(), ...gateway })),
  };
  expect((await keys.exited).code).toBe(0);
}, 120_000);
afterAll(async () => {
  children.forEach((c) => c.reap());
  await dbs?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

it.each([
  ['tiering', 'TIERING_SERVICE_JWK'],
  ['the gateway', 'INTERNAL_SIGNING_JWK'],
] as const)(
  '%s refuses to start in production without its key, naming it',
  async (name, variable) => {
    const c = refusals[name];
    expect((await c.exited).code).toBe(2);
    expect(c.output()).toContain(variable);
    expect(c.output()).toContain('npm run keys');
  },
  60_000,
);

it('runs as four processes with production keys: the feed flows across them, and SIGTERM stops all with exit 0', async () => {
  const ports = { PORT: await freePort(), INCIDENTS_PORT: await freePort(), TIERING_PORT: await freePort(), VICTIM_SERVICES_PORT: await freePort() };
  const env = { ...PRODUCTION(), ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])) };
  const multi = track(runScript('scripts/start-multi.ts', ['--keys', path.join(dir, 'keys')], env));
  await multi.waitFor(/IPVI Hub is up as four processes \(production\)/, 240_000);
  const gateway = `http://127.0.0.1:${ports.PORT}`;

  const idp = JSON.parse(readEnvFile(path.join(dir, 'keys', 'test-idp.env')).TEST_IDP_PRIVATE_JWK!) as JWK & { kid: string };
  const token = await new SignJWT({ roles: ['OFFICER'], agency: 'NC0410200' })
    .setProtectedHeader({ alg: 'ES256', kid: idp.kid })
    .setSubject('officer-1')
    .setIssuer('https://idp.ipvi-hub.local')
    .setAudience('ipvi-hub')
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(await importJWK(idp, 'ES256'));
  const res = await fetch(`${gateway}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: RECORD, variables: { input: incidentInput() } }),
  });
  const body = (await res.json()) as { data?: { recordIncident: { incident: { offenders: { id: string }[] } } }; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  const offenderId = body.data!.recordIncident.incident.offenders[0]!.id;

  const tiering = new Client({ connectionString: dbs.urls.tiering });
  await tiering.connect();
  try {
    let n = 0;
    for (let i = 0; i < 300 && n === 0; i++) {
      n = Number((await tiering.query('SELECT count(*) AS n FROM tier_assignment WHERE offender_id = $1', [offenderId])).rows[0].n);
      if (n === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(n).toBeGreaterThan(0);
  } finally {
    await tiering.end();
  }
  for (const port of Object.values(ports)) expect((await fetch(`http://127.0.0.1:${port}/ready`)).status).toBe(200);

  multi.proc.kill('SIGTERM');
  expect(await multi.exited).toEqual({ code: 0, signal: null });
  for (const name of ['gateway', 'incidents', 'tiering', 'victim-services']) expect(multi.output()).toMatch(new RegExp(`\\[${name}\\] .*"msg":"stopped"`));
}, 400_000);
