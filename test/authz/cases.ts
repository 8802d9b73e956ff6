/**
 * The cases of the exhaustive test, generated from the supergraph, the subgraphs' classes and the
 * canary fixture (never hand-listed), and the check of one response against the oracle.
 */
import { isDeepStrictEqual } from 'node:util';
import { ROLES, decide, type Role } from '@ipvi/core';
import type { GraphResponse } from './run';
import { NOT_REACHABLE, PATH_FIXTURE, PRESENT, allValues, consentGranted, expectedValue } from './canary';
import type { GraphModel } from './graph-model';
import { expectationFor, mayRead, type ClassesByGraph, type Expectation } from './oracle';
import { argsFor, gatewayReach, stateKey, subgraphReach, type Path, type Reach } from './paths';
import { STYLES, render, shape, valuesAt, type Rendered } from './render';

export interface Case {
  readonly id: string;
  readonly role: Role;
  readonly path: Path;
  readonly kind: 'gateway' | 'gateway-nested' | 'subgraph';
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
  for (const f of m.fields) {
    if (f.parent === 'Mutation') continue; // writes: not walked here (see test/authorization.test.ts)
    for (const g of f.graphs) {
      const label = `${f.coordinate} (${g})`;
      if (NOT_REACHABLE[f.coordinate]) continue;
      if (expectedValue(f.coordinate, g) === undefined) uncovered.push(`${label}: no canary value in test/authz/canary.ts`);
      const cls = classes.get(g)?.get(f.coordinate);
      const gated = ROLES.filter((r) => cls && decide([r], cls) === 'consent');
      if (gated.length && !gated.some((r) => consentGranted(r, f.coordinate))) uncovered.push(`${label}: consent-gated, but no canary consent releases it (consentGranted in test/authz/canary.ts)`);
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
  [...paths.values()].forEach(({ path, kind }, p) =>
    ROLES.forEach((role, r) => {
      const id = `xa-${String(cases.length).padStart(6, '0')}`;
      cases.push({ id, role, path, kind, rendered: render(path, STYLES[(p + r) % STYLES.length]!), expect: expectationFor(role, path, classes) });
    }),
  );
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
      const target = mayRead(role, cls, f.coordinate) ? allowed : denied;
      for (const v of allValues(f.coordinate).flat()) if (typeof v === 'string' && v.length >= 8) target.add(v.toLowerCase());
    }
  }
  const out = [...denied].filter((v) => !allowed.has(v));
  forbiddenCache.set(role, out);
  return out;
}

/** The response's text plus every string in it decoded from base64url (cursors), lower-cased. */
function searchable(res: GraphResponse): string {
  const decoded = [...res.text.matchAll(/"([A-Za-z0-9_-]{12,})"/g)].map((m) => Buffer.from(m[1]!, 'base64url').toString('utf8'));
  return [res.text, ...decoded].join('\n').toLowerCase();
}

const absent = (v: unknown) => v === null || v === undefined || (Array.isArray(v) && v.length === 0);

/** What is wrong with a response, in words (empty: it is what the policy says). */
export function problemsOf(c: Case, res: GraphResponse, m: GraphModel, classes: ClassesByGraph): string[] {
  const out: string[] = [];
  const { keys, offset } = c.rendered;
  const keysTo = (i: number) => keys.slice(0, offset + i + 1);
  const last = c.path.steps[c.path.steps.length - 1]!;
  const o = c.expect.outcome;
  if (res.status !== 200) out.push(`HTTP ${res.status}`);
  if (o.kind === 'present') {
    if (res.errors) out.push(`unexpected errors ${JSON.stringify(res.errors)}`);
    const want = expectedValue(last.field.coordinate, last.graph);
    const got = valuesAt(res.data, keys);
    const ok = want === PRESENT ? got.some((v) => !absent(v)) : got.some((v) => isDeepStrictEqual(v, want));
    if (!ok) out.push(`expected ${want === PRESENT ? 'a value' : JSON.stringify(want)}, got ${JSON.stringify(got)}`);
  } else if (o.kind === 'denied') {
    const at = keysTo(o.at).join('.');
    const errs = res.errors ?? [];
    if (errs.length !== 1 || errs[0]!.extensions?.code !== 'FORBIDDEN' || shape(errs[0]!.path ?? [], offset) !== at) out.push(`expected one FORBIDDEN at ${at}, got ${JSON.stringify(errs)}`);
    else if (!isDeepStrictEqual(errs[0]!.extensions, { code: 'FORBIDDEN', requestId: c.id })) out.push(`error extensions ${JSON.stringify(errs[0]!.extensions)}`);
    if (!valuesAt(res.data, keysTo(o.at)).every(absent)) out.push(`denied step ${at} has a value`);
  } else {
    if (res.errors) out.push(`hidden rows must look missing, got errors ${JSON.stringify(res.errors)}`);
    if (!valuesAt(res.data, o.at < 0 ? keys.slice(0, offset) : keysTo(o.at)).every(absent)) out.push('rows outside the row scope came back');
  }
  const text = searchable(res);
  for (const s of forbiddenStrings(m, classes, c.role)) if (text.includes(s)) out.push(`the response shows "${s}", which ${c.role} may not read`);
  return out;
}
