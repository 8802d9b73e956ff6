/**
 * `npx tsx bench/profile-gateway.ts [--seconds N] [--out DIR]`: where our gateway spends its CPU.
 * Starts the bench hub, runs our gateway in its own process under the V8 profiler (start-up left
 * out), loads it with the benchmark's entity query (b) and list of 50 (c) at 50 connections, and
 * prints the gateway's CPU time per request and its profile by package and by function.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SERVICE_NAMES } from '@ipvi/core';
import { ENTITY, RATE_RAISED, child, cpuMsOf, listQuery, post, stopChild } from './hub';
import { loadTest, startBenchHub } from './lib/bench-hub';
import { summarizeProfile } from './lib/profile';

async function main(argv: string[]): Promise<void> {
  const at = (n: string) => (argv.includes(`--${n}`) ? argv[argv.indexOf(`--${n}`) + 1] : undefined);
  const seconds = Number(at('seconds') ?? 10);
  const dir = at('out') ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ipvi-profile-'));
  fs.mkdirSync(dir, { recursive: true });
  const file = path.resolve(dir, 'gateway.cpuprofile');
  const b = await startBenchHub({}, { limits: RATE_RAISED });
  try {
    const role = 'ADVOCATE_SUPERVISOR';
    const auth = { authorization: `Bearer ${await b.token(role)}` };
    const ids = (
      (await post(b.url, auth, { query: '{ offenders(first: 100) { edges { node { id } } } }' })).json.data as {
        offenders: { edges: { node: { id: string } }[] };
      }
    ).offenders.edges.map((e) => e.node.id);
    const env = {
      ...process.env,
      ...b.env,
      ...Object.fromEntries(SERVICE_NAMES.map((n) => [`${n.toUpperCase().replace(/-/g, '_')}_URL`, b.hub.services[n].server.url])),
    };
    const g = await child(path.join(__dirname, 'lib', 'gateway-process.ts'), [JSON.stringify(RATE_RAISED), file], env);
    await post(g.url, auth, { query: listQuery(50) });
    for (const [name, bodies] of [
      ['(b) entity', ids.map((id) => ({ query: ENTITY, variables: { id } }))],
      ['(c) list of 50', [{ query: listQuery(50) }]],
    ] as const) {
      const cpu0 = cpuMsOf(g.proc.pid!)!;
      const r = await loadTest({ url: g.url, headers: auth, bodies, seconds });
      const cpu = (cpuMsOf(g.proc.pid!)! - cpu0) / Math.max(1, r.requests);
      process.stdout.write(
        `${name}: ${r.rps.toFixed(0)} req/s, p99 ${r.p99} ms, gateway CPU ${cpu.toFixed(2)} ms per request (${r.non2xx + r.errors} failed)\n`,
      );
    }
    await stopChild(g.proc);
    const s = summarizeProfile(file);
    process.stdout.write(`\nprofile ${file}\nby package / module (self time):\n`);
    for (const p of s.byModule.slice(0, 20)) process.stdout.write(`  ${p.percent.toFixed(1).padStart(5)}%  ${p.name}\n`);
    process.stdout.write('by function (self time):\n');
    for (const p of s.byFunction.slice(0, 40)) process.stdout.write(`  ${p.percent.toFixed(1).padStart(5)}%  ${p.name}\n`);
  } finally {
    await b.stop();
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
