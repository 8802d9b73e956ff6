/**
 * The exhaustive authorization test: for every role and every field of the composed supergraph,
 * through the gateway (shortest and longest paths) and straight into the owning subgraph (from its
 * Query or `_entities`), in several query shapes, the canary value is there exactly when the policy
 * says so; a denial is null plus one FORBIDDEN at its path (per row); the value shows nowhere else; and every
 * denial and every allowed sensitive read left its audit record (naming the consent a consented
 * read relied on). Cases come from the schema. `AUTHZ_REPORT=<file>` writes every failure there.
 */
import fs from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { execute, isNonNullType, parse } from 'graphql';
import {
  AuditCollector,
  CLASSIFICATION_SDL,
  SERVICE_NAMES,
  SERVICE_ROLES,
  applyPolicy,
  createLogger,
  loadConfig,
  readFieldClasses,
  verifyTrails,
  type HubContext,
  type Role,
  type ServiceName,
} from '@ipvi/core';
import { subgraphSdls } from '@ipvi/gateway/src/subgraphs';
import { startTestHub, type TestHub } from '../harness/hub';
import { CONSENTED, NOT_REACHABLE, insertCanaries } from './canary';
import { expectedDecision } from './expected-policy';
import { buildCases, buildForeignCases, describePath, problemsOf, sameAsMissing, searchedIn, type Case, type Searched } from './cases';
import { crossAgencyWriteProblems } from './cross-writes';
import { PARTNERSHIP_ENV, type World } from './world';
import { SINGLE_ITEM_FIELDS } from '../../gateway/src/limits';
import { loadGraphModel, partnerHidden, type GraphModel } from './graph-model';
import type { ClassesByGraph } from './oracle';
import { nullsTheRoot, packBatches, refusals, sendBatch, type Batch, type Layout, type Sent } from './batches';
import { pool, prober } from './run';

let t: TestHub;
let model: GraphModel;
let classes: ClassesByGraph;
let cases: Case[];
/**
 * Fields this world cannot give a canary row yet, each with its reason (listed in the closing notes; a later session extends the world):
 * PartnerNotification: after the link the person's only other-agency notice is superseded by the person's higher tier, so
 * `Offender.partnerNotifications` is [] here (probed as such); its fields are covered through the gateway by
 * test/partnership-tiering.test.ts (limited fields, nothing for advocates). The world needs a pending notice of the second department.
 */
const KNOWN_GAPS = ['PartnerNotification.'];
const refusedByLimits = (res: { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] }) =>
  !res.data && !!res.errors?.length && res.errors.every((e) => e.extensions?.code === 'LIMIT_EXCEEDED');
let uncovered: string[];
let world: World;
/** Where the home probes went: the other agency's probes of the same paths follow it (packBatches), so their documents are planned once. */
let homeLayout: Layout | undefined;
const stats: string[] = [];
/**
 * Probes per request at most (a batch is one role's, through one entry): through the gateway its client limits (aliases,
 * tokens, cost) and the audit separations (batches.ts) bound a batch first; a subgraph has no client limits.
 */
const BATCH_SIZE = { gateway: 60, subgraph: 120 };
/** Requests in flight: batches are heavy (2 cores); a probe alone is light, so more of them overlap their waits. */
const CONCURRENCY = { batch: 4, alone: 8 };
/**
 * Timeouts, at least 3x the longest measured on this 2-core machine while shared by six sessions. With one probe per
 * root denial (rootDenialKey): at load average 1.1-1.7 the whole file took 75 s (hub and world 5 s, home probes 41 s,
 * other agency's 25 s); at load 4-7, 114 s (world 6-13 s, home 62-71 s, other agency's 27-40 s). Before: home 79-333 s.
 * With frameless denials, 3-round-trip audit writes and larger batches (1,633 requests instead of 2,027), alone: at load
 * average 6, 120 s (world 8 s, home 61 s, other agency's 35 s); at load 9-15, 141-168 s (home 71-83 s, other agency's 42-44 s), against 307 s before at load 13-15.
 * With documents shared across roles and shared root fields (batches.ts), at load average 9-12: home 49-120 s (CPU of the
 * process 32-39 s, from 45-48 s), other agency's 25-30 s (CPU 14 s, from 19 s); the whole file 121-186 s, from 192-250 s.
 * With root-nulling probes three to a gateway request as well, at load average 5-7: the file 52-109 s (home 28-62 s, other
 * agency's 12-23 s; CPU user+sys 62-89 s), against 123 s (CPU 104 s) for the previous test at the same load.
 * Fewer requests do not cut CPU (this session, A/B at load average 6-9): home 973 requests instead of 1,132 (hidden-row
 * probes sharing their last field) and the other agency's 522 instead of 792 (packed afresh) cost the same or more (file
 * CPU user+sys 70-76 s against 69-78 s): the cost is per probe. Measured then: the file 88-138 s, hub and world 8-21 s,
 * home 43-71 s, other agency's 15-31 s, the cross-agency writes 2-6 s: every timeout here is still at least 3x that.
 * With the probes sent over node:http (not the global fetch), each answer searched once per request and the gateway's
 * fetch timeouts cleared (A/B interleaved twice at load average 5-7): the Jest process's CPU while probing 35-36 s from
 * 38-39 s, the file's CPU user+sys 65-68 s from 68 s; the file 96-104 s, hub and world 10-14 s, home 47-50 s, other
 * agency's 16-21 s, the cross-agency writes about 1 s.
 */
const SETUP_TIMEOUT_MS = 200_000;
const PROBE_TIMEOUT_MS = 1_000_000;
const FOREIGN_TIMEOUT_MS = 600_000;
const WRITES_TIMEOUT_MS = 60_000;
beforeAll(async () => {
  const started = Date.now();
  t = await startTestHub({ env: { ...PARTNERSHIP_ENV } });
  world = await insertCanaries(t);
  stats.push(`hub and canary world: ${Date.now() - started} ms`);
  model = loadGraphModel();
  classes = new Map(subgraphSdls().map(({ name, sdl }) => [name, readFieldClasses(sdl)]));
  ({ cases, uncovered } = buildCases(model, classes));
  cases = cases.filter((c) => !KNOWN_GAPS.some((g) => c.path.steps.at(-1)!.field.coordinate.startsWith(g)));
  // A human principal at the gateway gets the partners' schema, where the service feeds do not exist (a validation
  // error, asserted by test/contract-feeds.test.ts); the subgraphs still answer them with FORBIDDEN (probed here).
  const hidden = partnerHidden();
  // A single-item field (a letter's PDF) below a list is refused by the gateway before planning (test/edge-limits.test.ts):
  // not a probe of the policy; the same fields are probed through their single-item paths (notification(id:) > letter).
  cases = cases.filter(
    (c) =>
      c.path.start.via !== 'gateway' ||
      !c.path.steps.some((s, i) => SINGLE_ITEM_FIELDS[s.field.coordinate] && c.path.steps.slice(0, i).some((p) => p.field.list)),
  );
  cases = cases.filter(
    (c) => c.path.start.via !== 'gateway' || (SERVICE_ROLES as readonly Role[]).includes(c.role) || !c.path.steps.some((s) => hidden(s.field.coordinate)),
  );
}, SETUP_TIMEOUT_MS);
afterAll(async () => {
  if (process.env.AUTHZ_STATS) console.log([...stats, ...refusals.slice(0, 30)].join('\n'));
  await t.stop();
});

interface AuditRow {
  request_id: string;
  field_path: string;
  outcome: string;
  entity_ids: string[];
  consent_id: string | null;
}

/** The audit records of these requests (by the ids the servers answered with), by subgraph and request id. */
async function auditRows(requestIds: readonly string[]): Promise<Map<string, AuditRow[]>> {
  const byRequest = new Map<string, AuditRow[]>();
  for (const s of SERVICE_NAMES) {
    const rows = await t.sql<AuditRow>(s, `SELECT request_id, field_path, outcome, entity_ids, consent_id FROM audit_event WHERE request_id = ANY($1)`, [
      requestIds,
    ]);
    for (const r of rows) (byRequest.get(`${s}|${r.request_id}`) ?? byRequest.set(`${s}|${r.request_id}`, []).get(`${s}|${r.request_id}`)!).push(r);
  }
  return byRequest;
}

function auditProblems(c: Case, requestId: string, rows: Map<string, AuditRow[]>): string[] {
  const of = (g: ServiceName) => rows.get(`${g}|${requestId}`) ?? [];
  const out: string[] = [];
  for (const e of c.expect.audit) {
    // A service principal's allowed reads are one READ row per request (issue 12: the feed consumers poll all day), named
    // by a root field and naming every entity read; nothing when no entity was read. Its denials stay field by field.
    if ((SERVICE_ROLES as readonly Role[]).includes(c.role) && e.outcome === 'ALLOWED') {
      if (
        e.entityIds &&
        !of(e.graph).some((r) => r.outcome === 'ALLOWED' && r.field_path.startsWith('Query.') && e.entityIds!.some((id) => r.entity_ids.includes(id)))
      ) {
        out.push(`no ALLOWED audit row of the request naming one of ${e.entityIds.join(', ')} in ${e.graph} (read of ${e.fieldPath})`);
      }
      continue;
    }
    const hit = of(e.graph).find(
      (r) => r.field_path === e.fieldPath && r.outcome === e.outcome && (!e.entityIds || e.entityIds.some((id) => r.entity_ids.includes(id))),
    );
    if (!hit) out.push(`no ${e.outcome} audit record of ${e.fieldPath}${e.entityIds ? ` naming one of ${e.entityIds.join(', ')}` : ''} in ${e.graph}`);
    else if (e.consentId && !of(e.graph).some((r) => r.field_path === e.fieldPath && r.outcome === 'ALLOWED' && r.consent_id === e.consentId)) {
      out.push(`the ALLOWED audit record of ${e.fieldPath} does not name the consent ${e.consentId}`);
    }
  }
  for (const n of c.expect.notAllowed) {
    if (of(n.graph).some((r) => r.field_path === n.fieldPath && r.outcome === 'ALLOWED'))
      out.push(`an ALLOWED audit record of ${n.fieldPath}, which was never read`);
  }
  return out;
}

/**
 * The key of a probe denied at its root field by the role alone: a non-null Query field (not `_entities`) whose class the
 * domain denies to the role outright (not 'consent', which depends on the row). The subgraph's shield decides such a field
 * from (role, class) before its resolver runs (asserted below, 'decides a root field ... before anything under it'), so
 * nothing under it, no argument and no other agency's row changes the answer: the null data, the one FORBIDDEN at the root
 * and the DENIED audit record are the same for every probe of one (role, entry, agency, root field). One probe per key
 * checks them all (and one per key of the references of another agency's like-missing probes).
 */
function rootDenialKey(c: Case): string | undefined {
  if (c.path.start.via === 'subgraph' && c.path.start.entity) return undefined;
  const root = c.path.steps[0]!;
  if (root.field.parent !== 'Query' || !isNonNullType(root.field.def.type)) return undefined;
  if (expectedDecision(c.role, classes.get(root.graph)!.get(root.field.coordinate)!) !== 'deny') return undefined;
  const o = c.expect.outcome;
  if (!c.agency && !(o.kind === 'denied' && o.at === 0)) return undefined; // the oracle agrees, or the probe goes on its own
  const entry = c.path.start.via === 'gateway' ? 'gateway' : c.path.start.graph;
  return `${c.role}|${entry}|${c.agency ?? ''}|${root.field.coordinate}|${o.kind}`;
}

/** The probes to send: every probe, except the repeats of a root denial (rootDenialKey) beyond the first of each key. */
function withoutRepeatedRootDenials(list: readonly Case[]): { send: Case[]; dropped: number } {
  const seen = new Set<string>();
  const keptIds = new Set<string>();
  const send: Case[] = [];
  for (const c of list) {
    const key = rootDenialKey(c);
    // A reference goes with its like-missing probe, whatever its key.
    if (c.reference ? keptIds.has(c.reference) : !key || !seen.has(key)) {
      if (key && !c.reference) seen.add(key);
      keptIds.add(c.id);
      send.push(c);
    }
  }
  return { send, dropped: list.length - send.length };
}

/** Sends the probes in batches and returns every failure, in words (AUTHZ_REPORT=<file> writes them all there). */
async function probeAll(all: readonly Case[], label: string): Promise<string[]> {
  const started = Date.now();
  const cpu = process.cpuUsage();
  const send = await prober(t);
  const { send: list, dropped } = withoutRepeatedRootDenials(all);
  stats.push(`${label}: ${dropped} repeats of a root denial not sent`);
  const { batches, layout } = packBatches(list, model.schema, BATCH_SIZE, label === 'home' ? 'xb' : 'xf', homeLayout);
  homeLayout ??= layout;
  const [alone, grouped] = [batches.filter((b) => b.cases.every(nullsTheRoot)), batches.filter((b) => !b.cases.every(nullsTheRoot))];
  const answered = new Map<Batch, Sent[]>();
  await Promise.all([
    pool(grouped, CONCURRENCY.batch, async (b) => void answered.set(b, await sendBatch(send, b))),
    pool(alone, CONCURRENCY.alone, async (b) => void answered.set(b, await sendBatch(send, b))),
  ]).finally(() => send.close());
  const sent = batches.flatMap((b) => b.cases.map((c, n) => [c, answered.get(b)![n]!] as [Case, Sent]));
  const rows = await auditRows([...new Set(sent.map(([, x]) => x.res.requestId ?? x.sentId))]);
  const references = new Map(sent.filter(([c]) => c.reference).map(([c, x]) => [c.reference!, [c, x] as const]));
  // What each request's answer shows of the strings its probes are searched for (one role and agency per request).
  const shown = new Map<Sent['whole'], Searched>();
  const shownIn = (c: Case, x: Sent) => shown.get(x.whole) ?? shown.set(x.whole, searchedIn(x.whole, c.role, c.agency, model, classes)).get(x.whole)!;
  const failures = sent.flatMap(([c, x]) => {
    const ref = references.get(c.id);
    const problems = [
      ...problemsOf(c, x.rendered, x.res, model, classes, x.sentId, shownIn(c, x)),
      // A request the gateway refused for its cost never reached a subgraph: nothing was read, so nothing is audited.
      ...(refusedByLimits(x.res) ? [] : auditProblems(c, x.res.requestId ?? x.sentId, rows)),
      ...(ref ? sameAsMissing(c, x.rendered, x.res, ref[0], ref[1].rendered, ref[1].res) : []),
    ];
    return problems.length ? [report(c, x, problems)] : [];
  });
  const requests = new Set(sent.map(([, x]) => x.sentId)).size; // more than batches when the gateway refused one for its limits (sent again as halves)
  const used = process.cpuUsage(cpu);
  const documents = new Set(sent.map(([, x]) => x.query)).size; // as sent (not rendered again)
  stats.push(
    `${label}: ${sent.length} probes in ${batches.length} batches of ${documents} documents, ${requests} requests (${alone.length} alone) in ${Date.now() - started} ms (CPU of this process ${Math.round((used.user + used.system) / 1000)} ms)`,
  );
  if (process.env.AUTHZ_REPORT) fs.writeFileSync(`${process.env.AUTHZ_REPORT}.${label}`, failures.join('\n'));
  return failures;
}

const report = (c: Case, s: Sent, problems: string[]) =>
  `${c.id} ${c.role}${c.agency ? `@${c.agency}` : ''} [${c.kind}] ${describePath(c.path)} (request ${s.res.requestId ?? s.sentId})\n    ${c.rendered.query.replace(/\n/g, ' ')}\n    answer: ${s.res.text.slice(0, 600)}\n    - ${problems.join('\n    - ')}`;

describe('the shield decides a root field from the role alone, before anything under it resolves (why one probe per root denial suffices)', () => {
  const SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
type Query { secrets(id: ID, first: Int): SecretConnection! @classified(class: AUDIT) }
type SecretConnection @classified(class: PUBLIC_OPERATIONAL) { totalCount: Int! nodes: [Secret!]! }
type Secret @key(fields: "id") @classified(class: AUDIT) { id: ID! @classified(class: PUBLIC_OPERATIONAL) value: String }
${CLASSIFICATION_SDL}`;
  it.each([
    ['{ secrets { totalCount } }'],
    ['query($id: ID) { secrets(id: $id, first: 3) { nodes { id value } } }'],
    ['{ a: secrets(id: "other-agency-row") { totalCount nodes { value } } b: secrets(first: 1) { totalCount } }'],
  ])('%s: no resolver runs, data is null, one FORBIDDEN per root field, one DENIED record each', async (doc) => {
    const ran: string[] = [];
    const resolvers = {
      Query: {
        secrets: (_: unknown, args: unknown) => (ran.push(`secrets ${JSON.stringify(args)}`), { totalCount: 1, nodes: [{ id: 's1', value: 'S3CRET' }] }),
      },
    };
    const schema = applyPolicy(buildSubgraphSchema([{ typeDefs: parse(SDL), resolvers: resolvers as never }]), readFieldClasses(SDL));
    const role: Role = 'OFFICER';
    expect(expectedDecision(role, 'AUDIT')).toBe('deny');
    const ctx: HubContext = {
      service: 'incidents',
      principal: { sub: 's', roles: [role], agency: 'NC0410200', scope: [] },
      requestId: 'r-1',
      viaGateway: true,
      audit: new AuditCollector(),
      config: loadConfig({ HUB_ENV: 'test', LOG_LEVEL: 'silent' }),
      log: createLogger('silent'),
      loaders: {},
      now: () => new Date(),
    };
    const res = await execute({ schema, document: parse(doc), contextValue: ctx, variableValues: { id: 'x' } });
    expect(ran).toEqual([]);
    expect(res.data).toBeNull();
    const roots = (res.errors ?? []).map((e) => [e.extensions.code, e.path?.join('.')]);
    expect(roots.every(([code, p]) => code === 'FORBIDDEN' && String(p).split('.').length === 1)).toBe(true);
    const denied = ctx.audit.drain();
    expect(denied.length).toBe(roots.length);
    expect(denied.every((r) => r.fieldPath === 'Query.secrets' && r.outcome === 'DENIED')).toBe(true);
  });
});

describe('authorization of every field, for every role', () => {
  it('covers every field of every subgraph (add canary values or NOT_REACHABLE reasons in test/authz/canary.ts)', () => {
    expect(uncovered.filter((u) => !KNOWN_GAPS.some((g) => u.startsWith(g)))).toEqual([]);
    const covered = new Set(cases.map((c) => c.path.steps.at(-1)!.field.coordinate));
    expect(
      model.fields
        .filter(
          (f) => f.parent !== 'Mutation' && !NOT_REACHABLE[f.coordinate] && !covered.has(f.coordinate) && !KNOWN_GAPS.some((g) => f.coordinate.startsWith(g)),
        )
        .map((f) => f.coordinate),
    ).toEqual([]);
  });

  it('probes every consent-gated field for the police roles both ways: released by the canary consent, and not', () => {
    expect(new Set(Object.values(CONSENTED))).toEqual(new Set([true, false]));
    for (const [coordinate, released] of Object.entries(CONSENTED)) {
      const gated = cases.filter((c) => {
        const last = c.path.steps.at(-1)!;
        return last.field.coordinate === coordinate && expectedDecision(c.role, classes.get(last.graph)!.get(coordinate)!) === 'consent';
      });
      expect([coordinate, gated.length > 0]).toEqual([coordinate, true]);
      const outcomes = new Set(gated.map((c) => c.expect.outcome.kind));
      expect([coordinate, [...outcomes]]).toEqual([coordinate, [released ? 'present' : 'denied']]);
    }
  });

  it(
    'answers each probe as the domain says, and audits each denial and each allowed sensitive read',
    async () => {
      const failures = await probeAll(cases, 'home');
      expect(failures.slice(0, 25)).toEqual([]);
      const kinds = (k: string) => cases.filter((c) => c.expect.outcome.kind === k).length;
      expect(kinds('present')).toBeGreaterThan(100);
      expect(kinds('denied')).toBeGreaterThan(100);
      expect(kinds('hidden')).toBeGreaterThan(0);
    },
    PROBE_TIMEOUT_MS,
  );
});

describe('a partnership of two police departments and two advocacy agencies (issue 9)', () => {
  it("records the same person by the second department without linking it to the first department's person", () => {
    // A name + date-of-birth match across agencies makes a "possible same person" candidate, never a link (issue 9.1).
    expect({ linkedAcrossAgencies: world.sharedPersonLinked }).toEqual({ linkedAcrossAgencies: false });
  });

  it(
    "refuses every write of the second pair on the first pair's records (and the reverse) exactly like a write on a missing record",
    async () => {
      const problems = await crossAgencyWriteProblems(t, world);
      expect(problems).toEqual([]);
    },
    WRITES_TIMEOUT_MS,
  );

  it(
    "shows the second pair nothing of the first pair's records, through every field, the gateway and _entities",
    async () => {
      const foreign = buildForeignCases(cases);
      expect(foreign.length).toBeGreaterThan(1000);
      const failures = await probeAll(foreign, 'foreign');
      expect(failures.slice(0, 25)).toEqual([]);
    },
    FOREIGN_TIMEOUT_MS,
  );
  it('leaves every audit chain intact', async () => {
    const env = {
      HUB_ENV: 'test',
      HUB_STATE_DIR: t.config.stateDir,
      INCIDENTS_DATABASE_URL: t.databaseUrls.incidents,
      TIERING_DATABASE_URL: t.databaseUrls.tiering,
      VICTIM_SERVICES_DATABASE_URL: t.databaseUrls['victim-services'],
    };
    for (const r of await verifyTrails(loadConfig(env), SERVICE_NAMES, undefined))
      expect({ trail: r.trail, problems: r.problems }).toEqual({ trail: r.trail, problems: [] });
  });
});
