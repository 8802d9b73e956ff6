/**
 * The cases of the exhaustive test, generated from the supergraph, the subgraphs' classes and the
 * canary fixture (never hand-listed), and the check of one response against the oracle.
 */
import { isDeepStrictEqual } from 'node:util';
import { ROLES, type Role } from '@ipvi/core';
import type { GraphResponse } from './run';
import { AnyOf, CONSENTED, NOT_REACHABLE, PATH_FIXTURE, PRESENT, allValues, expectedValue, hasRows, missingValue, type Expected } from './canary';
import { expectedDecision, expectedOpenToAll } from './expected-policy';
import type { GraphModel } from './graph-model';
import { expectationFor, mayRead, type ClassesByGraph, type Expectation } from './oracle';
import { argsFor, gatewayReach, stateKey, subgraphReach, type Path, type Reach } from './paths';
import { ROW_ID, STYLES, render, shape, valuesAt, type Rendered, type Style } from './render';

export interface Case {
  readonly id: string;
  readonly role: Role;
  /** The principal's agency, when not the role's demo agency (the partnership probes). */
  readonly agency?: string;
  readonly path: Path;
  readonly kind: 'gateway' | 'gateway-nested' | 'subgraph';
  /** The query shape, and whether the probe reads the last step's parent's id. */
  readonly style: Style;
  readonly rowId: boolean;
  /** The probe as a document of its own (for reports; a batch renders it again beside others, see batches.ts). */
  readonly rendered: Rendered;
  readonly expect: Expectation;
}

/** "Type.field (subgraph)", or "Query.a > Offender.b" for a path. */
export function describePath(p: Path): string {
  const start = p.start.via === 'gateway' ? 'gateway' : `${p.start.graph}${p.start.entity ? ` _entities(${p.start.entity.type})` : ''}`;
  return `${start}: ${p.steps.map((s) => `${s.field.coordinate}@${s.graph}`).join(' > ')}`;
}

/** Every (role, path) case, and every field that could not be covered (which fails the test). */
export function buildCases(m: GraphModel, classes: ClassesByGraph): { cases: Case[]; uncovered: string[] } {
  const uncovered: string[] = [...m.unsupported];
  const paths = new Map<string, { path: Path; kind: Case['kind'] }>();
  const add = (path: Path, kind: Case['kind']) => {
    const key = `${kind === 'subgraph' ? describePath(path) : path.steps.map((s) => s.field.coordinate).join('>')}`;
    if (!paths.has(key)) paths.set(key, { path, kind });
  };
  const gateway = gatewayReach(m, PATH_FIXTURE);
  const direct = new Map<string, Reach>();
  for (const coordinate of Object.keys(NOT_REACHABLE)) {
    const f = m.fields.find((x) => x.coordinate === coordinate);
    if (!f) uncovered.push(`${coordinate}: listed in NOT_REACHABLE, but the supergraph has no such field`);
    else if (f.graphs.some((g) => gateway.has(stateKey(f.parent, g)))) uncovered.push(`${coordinate}: listed in NOT_REACHABLE, but reachable through the gateway (give it a canary value)`);
  }
  for (const f of m.fields) {
    if (f.parent === 'Mutation') continue; // writes: not walked here (test/denials.test.ts, and each domain's tests)
    for (const g of f.graphs) {
      const label = `${f.coordinate} (${g})`;
      if (NOT_REACHABLE[f.coordinate]) continue;
      const missing = missingValue(f.coordinate, g);
      if (missing) uncovered.push(`${label}: ${missing}`);
      const cls = classes.get(g)?.get(f.coordinate);
      const gated = ROLES.filter((r) => cls && expectedDecision(r, cls) === 'consent');
      if (gated.length && !(f.coordinate in CONSENTED)) uncovered.push(`${label}: consent-gated: say in CONSENTED (test/authz/canary.ts) whether the canary consents release it`);
      const args = argsFor(f, PATH_FIXTURE);
      if (!args) {
        uncovered.push(`${label}: no value for a required argument (add one to PATH_FIXTURE.args)`);
        continue;
      }
      const step = { field: f, graph: g, args };
      const viaGateway = gateway.get(stateKey(f.parent, g));
      if (!viaGateway) uncovered.push(`${label}: not reachable through the gateway`);
      else {
        add({ start: viaGateway.shortest.start, steps: [...viaGateway.shortest.steps, step] }, 'gateway');
        add({ start: viaGateway.longest.start, steps: [...viaGateway.longest.steps, step] }, 'gateway-nested');
      }
      const inside = direct.get(g) ?? direct.set(g, subgraphReach(m, PATH_FIXTURE, g)).get(g)!;
      const viaSubgraph = inside.get(stateKey(f.parent, g));
      if (!viaSubgraph) uncovered.push(`${label}: not reachable inside ${g} (from its Query or _entities)`);
      else add({ start: viaSubgraph.shortest.start, steps: [...viaSubgraph.shortest.steps, step] }, 'subgraph');
    }
  }
  const cases: Case[] = [];
  [...paths.values()].forEach(({ path, kind }, p) => {
    const last = path.steps[path.steps.length - 1]!;
    const idClass = classes.get(last.graph)?.get(`${last.field.parent}.id`);
    const rowId = hasRows(last.field.parent) && idClass !== undefined && expectedOpenToAll(idClass);
    ROLES.forEach((role, r) => {
      const id = `xa-${String(cases.length).padStart(6, '0')}`;
      const style = STYLES[(p + r) % STYLES.length]!;
      cases.push({ id, role, path, kind, style, rowId, rendered: render(path, style, { rowId }), expect: expectationFor(role, path, classes) });
    });
  });
  return { cases, uncovered };
}

const forbiddenCache = new Map<Role, string[]>();

/** Canary strings of fields the role may not read (and no field it may read shows), lower-cased. */
export function forbiddenStrings(m: GraphModel, classes: ClassesByGraph, role: Role): string[] {
  const hit = forbiddenCache.get(role);
  if (hit) return hit;
  const denied = new Set<string>();
  const allowed = new Set<string>();
  for (const f of m.fields) {
    for (const g of f.graphs) {
      const cls = classes.get(g)?.get(f.coordinate);
      if (!cls) continue;
      // What a role may read counts whole (a JSON value's every string); what it may not, by its canary strings (not the words inside a JSON value).
      const readable = mayRead(role, cls, f.coordinate);
      const values = allValues(f.coordinate);
      for (const v of readable ? stringsIn(values) : values.flat()) if (typeof v === 'string' && v.length >= 8) (readable ? allowed : denied).add(v.toLowerCase());
    }
  }
  const out = [...denied].filter((v) => !allowed.has(v));
  forbiddenCache.set(role, out);
  return out;
}

/** Every string inside a value (nested objects and lists included; not the `__typename` the probes ask for). */
function stringsIn(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => stringsIn(x, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (k !== '__typename') stringsIn(x, out);
  return out;
}

/** The response's values (not its keys, which name fields) plus every one decoded from base64url (cursors), lower-cased. */
function searchable(res: GraphResponse): string {
  let values: string[];
  try {
    const body = JSON.parse(res.text) as { errors?: Record<string, unknown>[] };
    // An error's path names fields (and aliases), not values.
    values = stringsIn({ ...body, errors: body.errors?.map(({ path: _path, ...e }) => e) });
  } catch {
    values = [res.text];
  }
  const decoded = values.filter((v) => /^[A-Za-z0-9_-]{12,}$/.test(v)).map((v) => Buffer.from(v, 'base64url').toString('utf8'));
  return [...values, ...decoded].join('\n').toLowerCase();
}

const absent = (v: unknown) => v === null || v === undefined || (Array.isArray(v) && v.length === 0);

function matches(v: unknown, want: Expected): boolean {
  if (want === PRESENT) return !absent(v);
  if (want instanceof AnyOf) return want.values.some((w) => isDeepStrictEqual(v, w));
  return isDeepStrictEqual(v, want);
}

const describeWant = (want: Expected) => (want === PRESENT ? 'a value' : want instanceof AnyOf ? `one of ${JSON.stringify(want.values)}` : JSON.stringify(want));

/** The value check of a present outcome: on each canary row reached (types with several rows), or anywhere at the end of the path. */
function valueProblems(c: Case, rendered: Rendered, res: GraphResponse): string[] {
  const { keys } = rendered;
  const last = c.path.steps[c.path.steps.length - 1]!;
  const coordinate = last.field.coordinate;
  if (!rendered.rowId) {
    const want = expectedValue(coordinate, last.graph);
    const got = valuesAt(res.data, keys);
    return got.some((v) => matches(v, want)) ? [] : [`expected ${describeWant(want)}, got ${JSON.stringify(got)}`];
  }
  const leaf = keys[keys.length - 1]!;
  const parents = valuesAt(res.data, keys.slice(0, -1)).flatMap((p) => (Array.isArray(p) ? p : [p])).filter((p): p is Record<string, unknown> => !!p && typeof p === 'object');
  const rows = parents.filter((p) => expectedValue(coordinate, last.graph, p[ROW_ID]) !== undefined);
  if (!rows.length) return [`no canary ${last.field.parent} reached (ids ${JSON.stringify(parents.map((p) => p[ROW_ID]))})`];
  return rows.flatMap((p) => {
    const want = expectedValue(coordinate, last.graph, p[ROW_ID]);
    return matches(p[leaf as string], want) ? [] : [`${last.field.parent} ${String(p[ROW_ID])}: expected ${describeWant(want)}, got ${JSON.stringify(p[leaf as string])}`];
  });
}

/**
 * A FORBIDDEN error's extensions: the code and the request's id (as the server named the request), and
 * nothing else but the caller's own id as a correlation field.
 */
function forbiddenExtensionsOk(ext: Record<string, unknown> | undefined, res: GraphResponse, sentId: string): boolean {
  const { correlationId, ...rest } = ext ?? {};
  if (correlationId !== undefined && correlationId !== sentId) return false;
  return isDeepStrictEqual(rest, { code: 'FORBIDDEN', requestId: res.requestId ?? sentId });
}

/**
 * What is wrong with a response, in words (empty: it is what the policy says). `rendered` is the
 * probe as sent (alone or in a batch); `res` holds only the probe's part of the answer; `sentId` is the
 * x-request-id the request was sent with.
 */
export function problemsOf(c: Case, rendered: Rendered, res: GraphResponse, m: GraphModel, classes: ClassesByGraph, sentId: string): string[] {
  const out: string[] = [];
  const { keys, offset } = rendered;
  const keysTo = (i: number) => keys.slice(0, offset + i + 1);
  const last = c.path.steps[c.path.steps.length - 1]!;
  const o = c.expect.outcome;
  if (res.status !== 200) out.push(`HTTP ${res.status}`);
  if (o.kind === 'present') {
    if (res.errors) out.push(`unexpected errors ${JSON.stringify(res.errors)}`);
    out.push(...valueProblems(c, rendered, res));
  } else if (o.kind === 'denied') {
    const at = keysTo(o.at).join('.');
    const errs = res.errors ?? [];
    // One FORBIDDEN at the denied field of each row that reached it (several when a list above holds several canary rows).
    if (!errs.length || errs.some((e) => e.extensions?.code !== 'FORBIDDEN' || shape(e.path ?? [], offset) !== at)) out.push(`expected FORBIDDEN at ${at} only, got ${JSON.stringify(errs)}`);
    else if (new Set(errs.map((e) => JSON.stringify(e.path))).size !== errs.length) out.push(`two errors at one path: ${JSON.stringify(errs)}`);
    else if (errs.some((e) => !forbiddenExtensionsOk(e.extensions, res, sentId))) out.push(`error extensions ${JSON.stringify(errs.map((e) => e.extensions))}`);
    if (!valuesAt(res.data, keysTo(o.at)).every(absent)) out.push(`denied step ${at} has a value`);
  } else {
    if (res.errors) out.push(`hidden rows must look missing, got errors ${JSON.stringify(res.errors)}`);
    if (!valuesAt(res.data, o.at < 0 ? keys.slice(0, offset) : keysTo(o.at)).every(absent)) out.push('rows outside the row scope came back');
  }
  const text = searchable(res);
  for (const s of forbiddenStrings(m, classes, c.role)) if (text.includes(s)) out.push(`the response shows "${s}", which ${c.role} may not read`);
  return out;
}
