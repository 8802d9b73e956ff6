import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadConfig, verifyTrails, type TrailName } from '@ipvi/core';
import { startTestHub, type TestHub } from './harness/hub';
import { auditVerify } from '../scripts/audit-verify';

const ROOT = path.resolve(__dirname, '..');
let t: TestHub;
let env: Record<string, string>;

beforeAll(async () => {
  t = await startTestHub({ seed: true });
  env = {
    HUB_ENV: 'test',
    HUB_STATE_DIR: t.config.stateDir,
    LOG_LEVEL: 'silent',
    INCIDENTS_DATABASE_URL: t.databaseUrls.incidents,
    TIERING_DATABASE_URL: t.databaseUrls.tiering,
    VICTIM_SERVICES_DATABASE_URL: t.databaseUrls['victim-services'],
  };
  // Demo traffic: reads across the three subgraphs, denials, an authentication failure at the gateway.
  await t.query('OFFICER', '{ offenders(first: 5) { edges { node { name tier { level } incidents(first: 2) { edges { node { narrative } } } } } } }');
  await t.query('ADVOCATE', '{ incidents(first: 5) { edges { node { rmsNumber narrative outreach { referralState } } } } }');
  await t.query('OFFICER', '{ incidents(first: 3) { edges { node { outreach { referralState } } } } }');
  await t.query('OFFICER', '{ tieringAuditEvents { totalCount } }');
  await t.query('AUDITOR', '{ tieringAuditEvents(first: 3) { edges { node { fieldPath } } } }');
  await t.post(t.url, { query: '{ offenders(first: 1) { totalCount } }' }, { authorization: 'Bearer not.a.token' });
});
afterAll(() => t.stop());

/**
 * Runs the real CLI (`node --require scripts/load-ts.js`: the script through tsx's CommonJS hook, as npm start runs the hub,
 * without the tsx CLI's extra process and ESM loader thread); resolves with its exit code and output.
 */
async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['--require', './scripts/load-ts.js', 'scripts/audit-verify.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    return { code: 0, out: stdout };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

/**
 * The same command run in this process (what the CLI runs, with its output collected): a child process costs ~2.5 s of CPU
 * to load the hub's modules, so one test spawns the real CLI (its environment, output and exit status) and the others call it here.
 */
async function inProcess(...args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const write = (text: string) => void (out += text);
  const code = await auditVerify(args, { stdout: write, stderr: write }, env);
  return { code, out };
}

const verify = async (trail: TrailName) => (await verifyTrails(loadConfig(env), [trail], undefined))[0]!;

/** As a superuser: with the append-only trigger disabled, runs one statement on the trail. */
async function tamper(service: 'incidents' | 'tiering', statement: string, params: unknown[]): Promise<void> {
  await t.sql(service, 'ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update');
  try {
    await t.sql(service, statement, params);
  } finally {
    await t.sql(service, 'ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update');
  }
}

async function middleSeq(service: 'incidents' | 'tiering'): Promise<string> {
  const n = (await t.sql<{ n: string }>(service, 'SELECT max(seq) AS n FROM audit_event'))[0]!.n;
  expect(Number(n)).toBeGreaterThanOrEqual(3);
  return String(Math.ceil(Number(n) / 2));
}

describe('npm run audit:verify', () => {
  it('passes on demo data, every trail intact', async () => {
    const res = await inProcess();
    expect(res.out).toMatch(/^incidents: intact, \d+ events/m);
    expect(res.out).toMatch(/^tiering: intact/m);
    expect(res.out).toMatch(/^victim-services: intact/m);
    expect(res.out).toMatch(/^gateway: intact, 1 events/m);
    expect(res.code).toBe(0);
  });

  it('fails as a process with exit 1, naming the event, after a superuser alters a row behind the trigger', async () => {
    const seq = await middleSeq('incidents');
    await tamper('incidents', `UPDATE audit_event SET subject = 'someone-else' WHERE seq = $1`, [seq]);
    const res = await cli('--service', 'incidents');
    expect(res.code).toBe(1);
    expect(res.out).toContain('incidents: BROKEN');
    expect(res.out).toMatch(new RegExp(`event ${seq} \\([0-9a-f-]+\\): contents do not match its hash`));
  });

  it('fails when a row in the middle is deleted, naming the gap', async () => {
    const seq = await middleSeq('tiering');
    await tamper('tiering', 'DELETE FROM audit_event WHERE seq = $1', [seq]);
    const report = await verify('tiering');
    expect(report.problems).toEqual([
      expect.stringMatching(new RegExp(`^event ${Number(seq) + 1} .*: events ${seq}\\.\\.${seq} are missing`)),
      expect.stringMatching(new RegExp(`^event ${Number(seq) + 1} .*: link to the previous event is broken`)),
    ]);
  });

  it("detects an altered line in the gateway's authentication-failure file", async () => {
    const before = await verify('gateway');
    expect(before.problems).toEqual([]);
    const text = fs.readFileSync(t.config.gatewayAuditFile, 'utf8');
    expect(JSON.parse(text.split('\n')[0]!)).toMatchObject({ action: 'AUTHENTICATE', outcome: 'DENIED', field_path: 'client-token:jws_invalid' });
    fs.writeFileSync(t.config.gatewayAuditFile, text.replace('jws_invalid', 'expired'));
    expect((await verify('gateway')).problems).toEqual([expect.stringMatching(/^event 1 .*: contents do not match its hash/)]);
  });

  it('answers --help, and refuses an unknown trail with exit 2', async () => {
    const [help, unknown] = await Promise.all([inProcess('--help'), inProcess('--service', 'nowhere')]);
    expect(help).toMatchObject({ code: 0, out: expect.stringContaining('Usage: npm run audit:verify') });
    expect(unknown.code).toBe(2);
    expect(unknown.out).toMatch(/^audit:verify: --service must be one of incidents, /);
  });
});
