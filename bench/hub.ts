/**
 * `npm run bench [-- --quick]`: the hub's performance benchmark (issue 12, item 8), in one run on an
 * embedded PostgreSQL with the demo seed. See HELP.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SERVICE_NAMES, type Role, type ServiceName } from '@ipvi/core';
import { DEFAULT_LIMITS, type QueryLimits } from '@ipvi/gateway';
import { loadTest, startBenchHub, type BenchHub, type LoadResult } from './lib/bench-hub';
import { startPlainGateway } from './lib/plain-gateway';
import { countStatements } from './lib/statements';
import { summarizeProfile } from './lib/profile';

const HELP = `Usage: npm run bench [-- --quick] [--seconds N] [--connections N] [--profile DIR]

The IPVI Hub's performance benchmark, in one run: an embedded PostgreSQL with the demo seed (500
offenders, 1,500 incidents), the three subgraphs, our gateway, and a plain @apollo/gateway (default
settings, no limits) over the same subgraphs. autocannon (in its own process) at 50 connections,
each request a different id (or page):
  (a) one subgraph (incidents) directly, on a one-entity query
  (b) our gateway on the same query
  (c) our gateway on a three-subgraph list: 50 offenders with their incidents and each incident's
      outreach state (victim-services), tier and notifications (tiering)
  (d) the plain gateway on (b) and on (c)
(b), (c) and (d) run twice: in the one-process layout of \`npm start\` (subgraphs and gateway in one
process) and with each gateway in its own process (the subgraphs stay in this one).
Prints req/s, p50/p99, peak RSS per process, the ratios (a)/(b), (b)/(plain) and (c) ours/plain
against their targets, SQL statements per request of the list for 10 and 100 offenders, and audit
rows per second idle and under load. The last line is one JSON object with every figure.

  --quick           5 s per case (under 3 minutes in all); default 12 s
  --seconds N       seconds per case
  --connections N   autocannon connections (default 50)
  --profile DIR     record a CPU profile of our own-process gateway while it serves (b) and (c)
                    (V8's .cpuprofile, as node --cpu-prof writes, start-up left out), write it to
                    DIR and print where it spent its time

The per-subject rate limit (20/s in production) would refuse nearly all of the load: the benchmark's
gateways run with it raised explicitly, and say so.
`;

const TARGETS = { overhead: 3, entityVsPlain: 2, listVsPlain: 1.5, entityP99: 80, listP99: 250 };
export const RATE_RAISED: Partial<QueryLimits> = { rate: { burst: 1_000_000, perSecond: 1_000_000 } };
export const ENTITY = 'query Entity($id: ID!) { offender(id: $id) { id name dateOfBirth aliases } }';
export const listQuery = (n: number) =>
  `query List($after: String) { offenders(first: ${n}, after: $after) { edges { node { id name tier { level effectiveAt } notificationsConnection(first: 5) { edges { node { id status dueAt } } } ` +
  `incidents(first: 3) { edges { node { id occurredAt outreach { referralState attempts firstContactAt } } } } } } pageInfo { endCursor } } }`;
/** Roles tried in turn for the list; the first whose answer carries no error (no denial) is used. */
const LIST_ROLES: Role[] = ['COORDINATOR', 'DV_DETECTIVE', 'ADVOCATE_SUPERVISOR', 'ADVOCATE', 'OFFICER', 'PROSECUTOR', 'ANALYST', 'AUDITOR'];

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

const out = (s: string) => process.stdout.write(`${s}\n`);
const mb = (kb: number) => Math.round(kb / 1024);

/** CPU time (user + system) a process has used so far, ms; undefined once it exited. */
export function cpuMsOf(pid: number): number | undefined {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return undefined;
  }
}

/** Peak resident memory of processes, sampled from /proc while a case runs, and the CPU time they used. */
class RssSampler {
  private readonly peaks = new Map<string, number>();
  private readonly pids = new Map<string, number>();
  private readonly cpuAtStart = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  watch(name: string, pid: number): void {
    this.pids.set(name, pid);
  }
  forget(name: string): void {
    this.pids.delete(name);
  }
  start(): void {
    this.peaks.clear();
    this.cpuAtStart.clear();
    for (const [name, pid] of this.pids) this.cpuAtStart.set(name, cpuMsOf(pid) ?? 0);
    const sample = () => {
      for (const [name, pid] of this.pids) {
        try {
          const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
          if (m) this.peaks.set(name, Math.max(this.peaks.get(name) ?? 0, Number(m[1])));
        } catch {
          /* exited */
        }
      }
    };
    sample();
    this.timer = setInterval(sample, 200);
  }
  stop(): { rssMb: Record<string, number>; cpuMs: Record<string, number> } {
    clearInterval(this.timer);
    const cpuMs: Record<string, number> = {};
    for (const [name, pid] of this.pids) {
      const now = cpuMsOf(pid);
      if (now !== undefined && this.cpuAtStart.has(name)) cpuMs[name] = now - this.cpuAtStart.get(name)!;
    }
    return { rssMb: Object.fromEntries([...this.peaks].map(([k, v]) => [k, mb(v)])), cpuMs };
  }
}

export async function post(url: string, headers: Record<string, string>, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

export async function child(script: string, args: string[], env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script, ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    proc.stdout!.on('data', (d: Buffer) => {
      text += d.toString();
      const line = text.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    proc.once('exit', (c) => reject(new Error(`${path.basename(script)} exited (${c}) before listening`)));
  });
  return { proc, url };
}

export async function stopChild(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  await exited;
}

async function auditRows(b: BenchHub): Promise<number> {
  let total = 0;
  for (const n of SERVICE_NAMES)
    total += Number(((await b.hub.services[n].dataSource.query('SELECT count(*)::int AS n FROM audit_event')) as { n: number }[])[0]!.n);
  return total;
}

interface CaseFigures extends LoadResult {
  readonly rssMb: Record<string, number>;
  /** CPU time per answered request of each process but the load generator (the gateway's own, when it has its own process). */
  readonly cpuMsPerRequest: Record<string, number>;
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) return void process.stdout.write(HELP);
  const quick = argv.includes('--quick');
  const seconds = Number(arg(argv, 'seconds') ?? (quick ? 5 : 12));
  const connections = Number(arg(argv, 'connections') ?? 50);
  const profileDir = arg(argv, 'profile');
  const t0 = Date.now();
  out(
    `IPVI Hub benchmark: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), ${Math.round(os.totalmem() / 2 ** 30)} GB, load average ${os.loadavg()[0]!.toFixed(2)} at start`,
  );
  out(`autocannon at ${connections} connections, ${seconds} s per case${quick ? ' (--quick)' : ''}`);

  const b = await startBenchHub({}, { limits: RATE_RAISED, consumers: true });
  const sampler = new RssSampler();
  const children: ChildProcess[] = [];
  try {
    out(
      `rate limit raised explicitly for the benchmark: ${RATE_RAISED.rate!.burst} burst, ${RATE_RAISED.rate!.perSecond}/s per subject (production: ${DEFAULT_LIMITS.rate.burst} burst, ${DEFAULT_LIMITS.rate.perSecond}/s); every other limit as configured`,
    );
    sampler.watch('hub', process.pid);

    // The role for the list: the first whose answer has no error, so every field is read, none denied.
    let role: Role | undefined;
    let token = '';
    for (const r of LIST_ROLES) {
      const t = await b.token(r);
      const res = await post(b.url, { authorization: `Bearer ${t}` }, { query: listQuery(50) });
      const edges = (res.json.data as { offenders?: { edges: unknown[] } } | null)?.offenders?.edges ?? [];
      if (res.status === 200 && !res.json.errors && edges.length === 50) {
        role = r;
        token = t;
        break;
      }
    }
    if (!role) throw new Error('no role reads the whole list without a denial');
    out(`role: ${role} (the first of ${LIST_ROLES.join(', ')} whose list answer has no error)`);
    const auth = { authorization: `Bearer ${token}` };

    // Distinct ids and pages: every offender the role sees, and the cursors of the list's pages.
    const ids: string[] = [];
    const cursors: (string | null)[] = [null];
    for (let after: string | null = null; ;) {
      const res = await post(b.url, auth, {
        query: 'query($after: String) { offenders(first: 100, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }',
        variables: { after },
      });
      const page = (res.json.data as { offenders: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }).offenders;
      ids.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    for (;;) {
      const res = await post(b.url, auth, { query: listQuery(50), variables: { after: cursors[cursors.length - 1] } });
      const page = (res.json.data as { offenders: { edges: unknown[]; pageInfo: { endCursor: string | null } } }).offenders;
      if (page.edges.length < 50 || !page.pageInfo.endCursor) break;
      cursors.push(page.pageInfo.endCursor);
    }
    cursors.pop(); // the last full page's cursor leads to a short page
    out(`${ids.length} distinct offender ids for the entity query; ${cursors.length} distinct pages of 50 for the list`);
    const entityBodies = ids.map((id) => ({ query: ENTITY, variables: { id } }));
    const listBodies = cursors.map((after) => ({ query: listQuery(50), variables: { after } }));

    const direct = { 'x-ipvi-identity': await b.internalToken(role, 'incidents') };
    const check = await post(b.hub.services.incidents.server.url, direct, entityBodies[0]);
    if (check.status !== 200 || check.json.errors) throw new Error(`the incidents subgraph refused the direct query: ${JSON.stringify(check.json.errors)}`);

    const figures: Record<string, CaseFigures> = {};
    const run = async (name: string, url: string, headers: Record<string, string>, bodies: unknown[]): Promise<CaseFigures> => {
      sampler.start();
      const r = await loadTest({ url, headers, bodies, connections, seconds, onPid: (pid) => sampler.watch('autocannon', pid) });
      const { rssMb, cpuMs } = sampler.stop();
      sampler.forget('autocannon');
      const cpuMsPerRequest = Object.fromEntries(
        Object.entries(cpuMs)
          .filter(([k]) => k !== 'autocannon' && r.requests > 0)
          .map(([k, v]) => [k, Math.round((v / r.requests) * 100) / 100]),
      );
      const f = { ...r, rssMb, cpuMsPerRequest };
      figures[name] = f;
      const bad = f.errors + f.non2xx;
      out(
        `  ${name.padEnd(30)} ${f.rps.toFixed(0).padStart(6)} req/s   p50 ${String(f.p50).padStart(4)} ms   p99 ${String(f.p99).padStart(4)} ms` +
          `${bad ? `   FAILED ${bad}` : ''}   peak RSS ${Object.entries(f.rssMb)
            .map(([k, v]) => `${k} ${v} MB`)
            .join(', ')}   CPU per request ${Object.entries(f.cpuMsPerRequest)
            .map(([k, v]) => `${k} ${v} ms`)
            .join(', ')}`,
      );
      return f;
    };

    // Audit rows per second with nothing asked: the feed consumers' polls only.
    const idleSeconds = quick ? 5 : 10;
    let before = await auditRows(b);
    await new Promise((r) => setTimeout(r, idleSeconds * 1000));
    const auditIdle = ((await auditRows(b)) - before) / idleSeconds;

    out('\none process (the `npm start` layout: subgraphs and gateways in this process)');
    await run('(a) incidents directly', b.hub.services.incidents.server.url, direct, entityBodies);
    await run('(b) our gateway, entity', b.url, auth, entityBodies);
    before = await auditRows(b);
    const tList = Date.now();
    await run('(c) our gateway, list of 50', b.url, auth, listBodies);
    const auditLoaded = ((await auditRows(b)) - before) / ((Date.now() - tList) / 1000);
    const subgraphUrls = Object.fromEntries(SERVICE_NAMES.map((n) => [n, b.hub.services[n].server.url])) as Record<ServiceName, string>;
    const identities = Object.fromEntries(await Promise.all(SERVICE_NAMES.map(async (n) => [n, await b.internalToken(role, n)]))) as Record<
      ServiceName,
      string
    >;
    const supergraphFile = path.resolve(__dirname, '..', 'gateway', 'supergraph.graphql');
    const plain = await startPlainGateway({ supergraphFile, subgraphUrls, identities });
    await post(plain.url, auth, entityBodies[0]); // warm: plans (ours was warmed by the role probe)
    // The baseline must answer what ours answers (no error, the same data), or the comparison means nothing.
    const [ourList, plainList] = [await post(b.url, auth, listBodies[0]), await post(plain.url, auth, listBodies[0])];
    if (plainList.json.errors || JSON.stringify(plainList.json.data) !== JSON.stringify(ourList.json.data))
      throw new Error('the plain gateway does not answer the list as ours does');
    await run('(d) plain gateway, entity', plain.url, auth, entityBodies);
    await run('(d) plain gateway, list of 50', plain.url, auth, listBodies);
    await plain.stop();

    out('\neach gateway in its own process (subgraphs in this process)');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...b.env,
      ...Object.fromEntries(SERVICE_NAMES.map((n) => [`${n.toUpperCase().replace(/-/g, '_')}_URL`, subgraphUrls[n]])),
    };
    const profileFile = profileDir ? path.resolve(profileDir, `gateway-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`) : undefined;
    if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
    const ours = await child(path.join(__dirname, 'lib', 'gateway-process.ts'), [JSON.stringify(RATE_RAISED), ...(profileFile ? [profileFile] : [])], env);
    children.push(ours.proc);
    sampler.watch('gateway', ours.proc.pid!);
    await post(ours.url, auth, entityBodies[0]); // warm: plans and keys
    await post(ours.url, auth, listBodies[0]);
    await run('(b) our gateway, entity ', ours.url, auth, entityBodies);
    await run('(c) our gateway, list of 50 ', ours.url, auth, listBodies);
    sampler.forget('gateway');
    await stopChild(ours.proc);
    const plainChild = await child(path.join(__dirname, 'lib', 'plain-gateway.ts'), [JSON.stringify({ supergraphFile, subgraphUrls, identities })], env);
    children.push(plainChild.proc);
    sampler.watch('plain gateway', plainChild.proc.pid!);
    await post(plainChild.url, auth, entityBodies[0]);
    await post(plainChild.url, auth, listBodies[0]);
    await run('(d) plain gateway, entity ', plainChild.url, auth, entityBodies);
    await run('(d) plain gateway, list of 50 ', plainChild.url, auth, listBodies);
    sampler.forget('plain gateway');
    await stopChild(plainChild.proc);

    // SQL statements per request of the list, for 10 and 100 offenders (the feed consumers stopped, so only these requests count).
    for (const s of SERVICE_NAMES) for (const c of b.hub.services[s].consumers) await c.stop();
    const statements: Record<string, Record<string, number>> = {};
    for (const n of [10, 100]) {
      const body = { query: listQuery(n) };
      await post(b.url, auth, body);
      statements[String(n)] = await countStatements(b.databaseUrls, 10, async () => {
        const res = await post(b.url, auth, body);
        if (res.status !== 200 || res.json.errors) throw new Error(`list of ${n} failed: ${JSON.stringify(res.json.errors)}`);
      });
    }

    const f = figures;
    const ratio = (x: number, y: number) => Math.round((x / y) * 100) / 100;
    const one = {
      overhead: ratio(f['(a) incidents directly']!.rps, f['(b) our gateway, entity']!.rps),
      entityVsPlain: ratio(f['(b) our gateway, entity']!.rps, f['(d) plain gateway, entity']!.rps),
      listVsPlain: ratio(f['(c) our gateway, list of 50']!.rps, f['(d) plain gateway, list of 50']!.rps),
    };
    const multi = {
      overhead: ratio(f['(a) incidents directly']!.rps, f['(b) our gateway, entity ']!.rps),
      entityVsPlain: ratio(f['(b) our gateway, entity ']!.rps, f['(d) plain gateway, entity ']!.rps),
      listVsPlain: ratio(f['(c) our gateway, list of 50 ']!.rps, f['(d) plain gateway, list of 50 ']!.rps),
    };
    const verdict = (ok: boolean, ...cases: string[]) =>
      cases.some((k) => !f[k] || f[k].requests === 0) ? 'NOT MEASURED (a case had no answer within its time)' : ok ? 'met' : 'NOT MET';
    const plainOf = (k: string) => k.replace('(b) our gateway', '(d) plain gateway').replace('(c) our gateway', '(d) plain gateway');
    out('\nratios and targets');
    for (const [layout, r, bKey, cKey] of [
      ['one process', one, '(b) our gateway, entity', '(c) our gateway, list of 50'],
      ['own process', multi, '(b) our gateway, entity ', '(c) our gateway, list of 50 '],
    ] as const) {
      out(`  ${layout}:`);
      out(
        `    gateway overhead (a)/(b)        ${r.overhead.toFixed(2)}x   target at most ${TARGETS.overhead}x: ${verdict(r.overhead <= TARGETS.overhead, bKey, '(a) incidents directly')}`,
      );
      out(
        `    ours/plain on (b)               ${r.entityVsPlain.toFixed(2)}x   target at least ${TARGETS.entityVsPlain}x: ${verdict(r.entityVsPlain >= TARGETS.entityVsPlain, bKey, plainOf(bKey))}`,
      );
      out(
        `    ours/plain on (c)               ${r.listVsPlain.toFixed(2)}x   target at least ${TARGETS.listVsPlain}x: ${verdict(r.listVsPlain >= TARGETS.listVsPlain, cKey, plainOf(cKey))}`,
      );
      out(`    p99 (b)                         ${f[bKey]!.p99} ms   target under ${TARGETS.entityP99} ms: ${verdict(f[bKey]!.p99 < TARGETS.entityP99, bKey)}`);
      out(`    p99 (c)                         ${f[cKey]!.p99} ms   target under ${TARGETS.listP99} ms: ${verdict(f[cKey]!.p99 < TARGETS.listP99, cKey)}`);
    }
    const cpu = (k: string, proc: string) => f[k]!.cpuMsPerRequest[proc] ?? NaN;
    const gatewayCpu = {
      entity: { ours: cpu('(b) our gateway, entity ', 'gateway'), plain: cpu('(d) plain gateway, entity ', 'plain gateway') },
      list: { ours: cpu('(c) our gateway, list of 50 ', 'gateway'), plain: cpu('(d) plain gateway, list of 50 ', 'plain gateway') },
    };
    out(
      `  gateway CPU per request (own process; the figure machine load disturbs least): entity ours ${gatewayCpu.entity.ours} ms, plain ${gatewayCpu.entity.plain} ms ` +
        `(plain/ours ${ratio(gatewayCpu.entity.plain, gatewayCpu.entity.ours)}x); list ours ${gatewayCpu.list.ours} ms, plain ${gatewayCpu.list.plain} ms (plain/ours ${ratio(gatewayCpu.list.plain, gatewayCpu.list.ours)}x)`,
    );
    const sqlEqual = statements['10']!.total === statements['100']!.total;
    out(
      `SQL statements per list request: 10 offenders ${statements['10']!.total}, 100 offenders ${statements['100']!.total} (${Object.entries(statements['100']!)
        .filter(([k]) => k !== 'total')
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}): ${sqlEqual ? 'equal' : 'NOT EQUAL'}`,
    );
    out(`audit rows per second: idle ${auditIdle.toFixed(1)}, under the list load ${auditLoaded.toFixed(1)}`);

    let profile: ReturnType<typeof summarizeProfile> | undefined;
    if (profileFile) {
      const file = profileFile;
      if (fs.existsSync(file)) {
        profile = summarizeProfile(file);
        out(`\nwhere our own-process gateway spent its CPU (${file}), by package / module:`);
        for (const p of profile.byModule.slice(0, 15)) out(`  ${p.percent.toFixed(1).padStart(5)}%  ${p.name}`);
        out('top functions (self time):');
        for (const p of profile.byFunction.slice(0, 20)) out(`  ${p.percent.toFixed(1).padStart(5)}%  ${p.name}`);
      }
    }
    out(`\ndone in ${Math.round((Date.now() - t0) / 1000)} s; load average ${os.loadavg()[0]!.toFixed(2)} at the end`);
    out(
      JSON.stringify({
        machine: { cores: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30), loadAverageAtEnd: Math.round(os.loadavg()[0]! * 100) / 100 },
        connections,
        secondsPerCase: seconds,
        role,
        rateLimitRaisedTo: RATE_RAISED.rate,
        cases: f,
        ratios: { oneProcess: one, ownProcess: multi },
        gatewayCpuMsPerRequest: gatewayCpu,
        targets: TARGETS,
        sqlStatementsPerRequest: statements,
        sqlStatementsEqual: sqlEqual,
        auditRowsPerSecond: { idle: Math.round(auditIdle * 10) / 10, loaded: Math.round(auditLoaded * 10) / 10 },
        ...(profile ? { profile: { byModule: profile.byModule.slice(0, 15), byFunction: profile.byFunction.slice(0, 20) } } : {}),
      }),
    );
  } finally {
    for (const c of children) await stopChild(c).catch(() => undefined);
    await b.stop();
  }
}

if (require.main === module)
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
