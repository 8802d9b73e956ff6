/**
 * The cases of the exhaustive test, generated from the supergraph, the subgraphs' classes and the
 * canary fixture (never hand-listed), and the check of one response against the oracle.
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { ROLES, type Role } from '@ipvi/core';
import type { GraphResponse } from './run';
import { AnyOf, CONSENTED, NOT_REACHABLE, PATH_FIXTURE, PRESENT, allValues, expectedValue, hasRows, missingValue, type Expected } from './canary';
import { expectedDecision, expectedOpenToAll } from './expected-policy';
import type { GraphModel } from './graph-model';
import { defaultAgency } from '../harness/hub';
import { nullsTheRoot } from './batches';
import { expectationFor, foreignExpectationFor, mayRead, type ClassesByGraph, type Expectation } from './oracle';
import { otherAgencyOf, tag, tagL } from './world';
import { argsFor, gatewayReach, referencePath, stateKey, subgraphReach, type Path, type Reach } from './paths';
import { ROW_ID, STYLES, render, shape, valuesAt, type Rendered, type Style } from './render';

export interface Case {
  readonly id: string;
  readonly role: Role;
  /** The principal's agency, when not the role's demo agency (the partnership probes). */
  readonly agency?: string;
  /** For a probe on an id nobody has: the id of the probe it is the reference of. */
  readonly reference?: string;
  /** Whether the probe must go in a request of its own (its denial nulls the whole answer); computed from its outcome when not said. */
  readonly alone?: boolean;
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
    else if (f.graphs.some((g) => gateway.has(stateKey(f.parent, g))))
      uncovered.push(`${coordinate}: listed in NOT_REACHABLE, but reachable through the gateway (give it a canary value)`);
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
      if (gated.length && !(f.coordinate in CONSENTED))
        uncovered.push(`${label}: consent-gated: say in CONSENTED (test/authz/canary.ts) whether the canary consents release it`);
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
      for (const v of readable ? stringsIn(values) : values.flat())
        if (typeof v === 'string' && v.length >= 8) (readable ? allowed : denied).add(v.toLowerCase());
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
  let body: { errors?: Record<string, unknown>[] };
  try {
    body = JSON.parse(res.text) as typeof body;
  } catch {
    return joinedValues([res.text]);
  }
  return valuesOf(body);
}

/** A response body's searchable text (see searchable). */
function valuesOf(body: { data?: unknown; errors?: readonly Record<string, unknown>[] }): string {
  // An error's path names fields (and aliases), not values.
  return joinedValues(stringsIn({ ...body, errors: body.errors?.map(({ path: _path, ...e }) => e) }));
}

function joinedValues(values: string[]): string {
  // A cursor's instant is the sort key of the caller's own row; it can equal another row's time to the millisecond when both were
  // written by one feed batch, which is a coincidence, not a disclosure. Instants are checked where they are values; ids in cursors still count.
  const decoded = values
    .filter((v) => /^[A-Za-z0-9_-]{12,}$/.test(v))
    .map((v) =>
      Buffer.from(v, 'base64url')
        .toString('utf8')
        .replace(/\d{4}-\d{2}-\d{2}T[0-9:.]+Z/g, ''),
    );
  return [...values, ...decoded].join('\n').toLowerCase();
}

const absent = (v: unknown) => v === null || v === undefined || (Array.isArray(v) && v.length === 0);

function matches(v: unknown, want: Expected): boolean {
  if (want === PRESENT) return !absent(v);
  if (want instanceof AnyOf) return want.values.some((w) => (w === PRESENT ? !absent(v) : isDeepStrictEqual(v, w)));
  return isDeepStrictEqual(v, want);
}

const describeWant = (want: Expected) =>
  want === PRESENT ? 'a value' : want instanceof AnyOf ? `one of ${JSON.stringify(want.values)}` : JSON.stringify(want);

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
  const parents = valuesAt(res.data, keys.slice(0, -1))
    .flatMap((p) => (Array.isArray(p) ? p : [p]))
    .filter((p): p is Record<string, unknown> => !!p && typeof p === 'object');
  const rows = parents.filter((p) => expectedValue(coordinate, last.graph, p[ROW_ID]) !== undefined);
  if (!rows.length) return [`no canary ${last.field.parent} reached (ids ${JSON.stringify(parents.map((p) => p[ROW_ID]))})`];
  return rows.flatMap((p) => {
    const want = expectedValue(coordinate, last.graph, p[ROW_ID]);
    return matches(p[leaf as string], want)
      ? []
      : [`${last.field.parent} ${String(p[ROW_ID])}: expected ${describeWant(want)}, got ${JSON.stringify(p[leaf as string])}`];
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
 * x-request-id the request was sent with; `shown`, the strings to search the part for (searchedIn its request's answer;
 * default all of them).
 */
export function problemsOf(
  c: Case,
  rendered: Rendered,
  res: GraphResponse,
  m: GraphModel,
  classes: ClassesByGraph,
  sentId: string,
  shown?: Searched,
): string[] {
  const out: string[] = [];
  const { keys, offset } = rendered;
  const keysTo = (i: number) => keys.slice(0, offset + i + 1);
  const o = c.expect.outcome;
  // The gateway refuses a path whose cost is over its budget before planning (a letter under nested lists: issue 12): nothing
  // is answered, so only the disclosure checks below apply; the same fields are probed through their shorter paths.
  const refusedByLimits = !res.data && !!res.errors?.length && res.errors.every((e) => e.extensions?.code === 'LIMIT_EXCEEDED');
  if (refusedByLimits) {
    /* nothing answered */
  } else if (res.status !== 200) out.push(`HTTP ${res.status}`);
  if (refusedByLimits) {
    /* checked below */
  } else if (o.kind === 'present') {
    if (res.errors) out.push(`unexpected errors ${JSON.stringify(res.errors)}`);
    out.push(...valueProblems(c, rendered, res));
  } else if (o.kind === 'denied') {
    const at = keysTo(o.at).join('.');
    const errs = res.errors ?? [];
    // One FORBIDDEN at the denied field of each row that reached it (several when a list above holds several canary rows).
    if (!errs.length || errs.some((e) => e.extensions?.code !== 'FORBIDDEN' || shape(e.path ?? [], offset) !== at))
      out.push(`expected FORBIDDEN at ${at} only, got ${JSON.stringify(errs)}`);
    else if (new Set(errs.map((e) => JSON.stringify(e.path))).size !== errs.length) out.push(`two errors at one path: ${JSON.stringify(errs)}`);
    else if (errs.some((e) => !forbiddenExtensionsOk(e.extensions, res, sentId))) out.push(`error extensions ${JSON.stringify(errs.map((e) => e.extensions))}`);
    if (!valuesAt(res.data, keysTo(o.at)).every(absent)) out.push(`denied step ${at} has a value`);
  } else if (o.kind === 'like-missing' || o.kind === 'reference') {
    // Compared with each other (sameAsMissing).
  } else if (o.kind === 'foreign') {
    // Its own agency's rows, whatever they hold: denials there are fine, nothing else is.
    if ((res.errors ?? []).some((e) => e.extensions?.code !== 'FORBIDDEN')) out.push(`unexpected errors ${JSON.stringify(res.errors)}`);
  } else {
    if (res.errors) out.push(`hidden rows must look missing, got errors ${JSON.stringify(res.errors)}`);
    if (!valuesAt(res.data, o.at < 0 ? keys.slice(0, offset) : keysTo(o.at)).every(absent)) out.push('rows outside the row scope came back');
  }
  const { forbidden, foreign } = shown ?? { forbidden: forbiddenStrings(m, classes, c.role), foreign: c.agency ? foreignStrings(m) : [] };
  if (!forbidden.length && !foreign.length) return out;
  const text = searchable(res);
  for (const s of forbidden) if (text.includes(s)) out.push(`the response shows "${s}", which ${c.role} may not read`);
  if (c.agency) {
    const asked = new Set(argumentStrings(c.path));
    for (const s of foreign)
      if (!asked.has(s) && text.includes(s)) out.push(`the response shows "${s}" of the first department's records to ${c.role} of ${c.agency}`);
  }
  return out;
}

/** The strings problemsOf searches a probe's part of an answer for: the role's forbidden ones, and the first department's (for another agency). */
export interface Searched {
  readonly forbidden: readonly string[];
  readonly foreign: readonly string[];
}

/**
 * Of the strings problemsOf would search each probe's part of one request's answer for (one role and agency per request),
 * those the whole answer shows, in the same order. A part's values are some of the whole answer's values, so a string no
 * value of the whole holds is in no part either: each probe then searches its part for these alone, with the same result.
 * (A string holding a line break could span two values in the joined text: such a string is always searched.)
 */
export function searchedIn(whole: GraphResponse, role: Role, agency: string | undefined, m: GraphModel, classes: ClassesByGraph): Searched {
  const text = valuesOf({ data: whole.data, ...(whole.errors ? { errors: whole.errors } : {}) });
  const shows = (s: string) => s.includes('\n') || text.includes(s);
  return { forbidden: forbiddenStrings(m, classes, role).filter(shows), foreign: agency ? foreignStrings(m).filter(shows) : [] };
}

/** Roles whose rows are their own agency's (or referred to it): probed again as a principal of the partnership's other agency. */
// TODO(authz): SERVICE_PROVIDER belongs here (probed again as the second provider, TRT-OTHER-01). With it, 8 victim-services
// `_entities` probes fail their like-missing comparison because their whole batch answers `data: null` (a provider is
// FORBIDDEN the non-null root consentedRelease, which police and advocates read, and that probe is batched, not alone):
// nothing is disclosed, but packBatches must send such root denials alone first. The second provider is covered meanwhile
// by cross-writes.ts (recordProviderReferralStatus) and test/program-provider.test.ts.
export const CROSS_AGENCY_ROLES: readonly Role[] = ['OFFICER', 'DV_DETECTIVE', 'COORDINATOR', 'ADVOCATE', 'ADVOCATE_SUPERVISOR'];

/**
 * The same probes as principals of the other agency of the partnership (the second police department
 * for police roles, the second advocacy agency for advocates, the second provider for providers): what they reach of the canary world by
 * id looks missing, and nothing of it shows anywhere.
 */
/** The id nobody has (one for the run: each path's reference is one document, whichever role sends it). */
const MISSING = randomUUID();

export function buildForeignCases(home: readonly Case[]): Case[] {
  const out: Case[] = [];
  const id = () => `xc-${String(out.length).padStart(6, '0')}`;
  for (const c of home) {
    if (!CROSS_AGENCY_ROLES.includes(c.role)) continue;
    const agency = otherAgencyOf(defaultAgency(c.role));
    // A root the role may not read nulls the whole answer whatever the agency: such probes still go alone.
    const alone = nullsTheRoot(c);
    const probe: Case = { ...c, id: id(), agency, alone, expect: foreignExpectationFor(c.path) };
    out.push(probe);
    if (probe.expect.outcome.kind !== 'like-missing') continue;
    // The same probe on an id nobody has: what "looks missing" looks like.
    const path = referencePath(c.path, (p) => withMissingIds(p, MISSING));
    out.push({
      ...c,
      id: id(),
      agency,
      path,
      rendered: render(path, c.style, { rowId: c.rowId }),
      expect: { outcome: { kind: 'reference' }, audit: [], notAllowed: [] },
      reference: probe.id,
    });
  }
  return out;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The path with the canary row id it starts from (the first step's id arguments, or the `_entities` id) replaced. */
function withMissingIds(p: Path, missing: string): Path {
  if (p.start.via === 'subgraph' && p.start.entity) return { start: { ...p.start, entity: { ...p.start.entity, id: missing } }, steps: p.steps };
  const [first, ...rest] = p.steps;
  const args = Object.fromEntries(Object.entries(first!.args).map(([k, v]) => [k, typeof v === 'string' && UUID.test(v) ? missing : v]));
  return { start: p.start, steps: [{ ...first!, args }, ...rest] };
}

/** A probe's part of an answer, with its top-level key, request ids and the id it asked for taken out, to compare two probes' answers. */
function comparable(res: GraphResponse, key: string | number, id: string): string {
  const data = res.data && typeof res.data === 'object' ? (res.data as Record<string, unknown>)[String(key)] : res.data;
  // An error's locations are positions in the document as sent (which differs by the probes sent with it), not an answer.
  const errors = (res.errors ?? []).map(({ locations: _locations, ...e }: { locations?: unknown } & NonNullable<GraphResponse['errors']>[number]) => ({
    ...e,
    path: e.path?.slice(1),
    extensions: { ...e.extensions, requestId: undefined, correlationId: undefined },
  }));
  return canonical({ status: res.status, data, errors }).split(id).join('<id>');
}

/** JSON with every object's keys in order: probes sharing a top-level field (batches.ts) answer its fields in the order their batch asked them. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x,
  );
}

/** The id a path starts from (what a `like-missing` probe and its reference differ by). */
function startId(p: Path): string {
  if (p.start.via === 'subgraph' && p.start.entity) return p.start.entity.id;
  return (Object.values(p.steps[0]!.args).find((v) => typeof v === 'string' && UUID.test(v)) as string | undefined) ?? '';
}

/** Whether a probe of another agency on a canary row got exactly what its reference (an id nobody has) got. */
export function sameAsMissing(
  probe: Case,
  probeRendered: Rendered,
  probeRes: GraphResponse,
  ref: Case,
  refRendered: Rendered,
  refRes: GraphResponse,
): string[] {
  const a = comparable(probeRes, probeRendered.keys[0]!, startId(probe.path));
  const b = comparable(refRes, refRendered.keys[0]!, startId(ref.path));
  return a === b ? [] : [`answers ${a.slice(0, 500)} where an id nobody has answers ${b.slice(0, 500)}`];
}

/** The strings a probe itself sent as arguments (an id it asks for may come back as the same id, and says nothing new). */
function argumentStrings(p: Path): string[] {
  const out = p.steps.flatMap((s) => stringsIn(s.args));
  if (p.start.via === 'subgraph' && p.start.entity) out.push(p.start.entity.id);
  return out.map((v) => v.toLowerCase());
}

/** Fields whose canary values are the partnership's, not one agency's (the tier policy, the audit trail), or the shared person's own (his name, which both departments recorded). */
const PARTNERSHIP_FIELDS = (coordinate: string) =>
  coordinate === 'Offender.name' || coordinate.startsWith('TierPolicy.') || coordinate.startsWith('AuditEvent.') || SHARED_TIER.has(coordinate);
/**
 * What the partnership's sharing agreement (default: police share the linked person's tier level and tier history, issue
 * 9.2) lets the other department see of the first department's records once the person is linked: the person's tier
 * assignments as history entries (id, level, when, which rule, under which partnership policy version); never their
 * explanation's RMS numbers, the override's justification or who assigned it, nor any incident, narrative or charge.
 */
const SHARED_TIER = new Set([
  'TierAssignment.id',
  'TierAssignment.level',
  'TierAssignment.previousLevel',
  'TierAssignment.rule',
  'TierAssignment.isOverride',
  'TierAssignment.assignedAt',
  'TierAssignment.effectiveAt',
  'TierAssignment.policyVersion',
]);
let foreignCache: string[] | undefined;

/** Every canary value that belongs to the first pair's records (tagged text, or a row id), lower-cased. */
function foreignStrings(m: GraphModel): string[] {
  if (foreignCache) return foreignCache;
  const own = new Set(
    allValues('Offender.name')
      .flatMap((v) => stringsIn(v))
      .map((v) => v.toLowerCase()),
  );
  const out = new Set<string>();
  for (const f of m.fields) {
    if (PARTNERSHIP_FIELDS(f.coordinate)) continue;
    for (const v of stringsIn(allValues(f.coordinate))) {
      const s = v.toLowerCase();
      if (
        s.length >= 8 &&
        !own.has(s) &&
        (s.includes(tag) || s.includes(tagL.toLowerCase()) || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(s))
      )
        out.add(s);
    }
  }
  foreignCache = [...out];
  return foreignCache;
}
