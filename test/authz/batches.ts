/**
 * Probes sent in batches: many probes of one role (and agency) side by side in one request, each
 * under its own top-level key, instead of one request per probe. A batch never mixes probes whose
 * audit expectations could mask each other: a probe that must leave no ALLOWED record of a field
 * never shares a request with a probe that reads that field, and a probe's own field (its last
 * step) is read by no other probe of its request, so the audit record it expects is its own.
 */
import {
  Kind,
  Lexer,
  Source,
  TokenKind,
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  parse,
  valueFromASTUntyped,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Role } from '@ipvi/core';
import { DEFAULT_LIMITS, measureOperation, operationCost } from '@ipvi/gateway/src/limits';
import type { Case } from './cases';
import { referenceOf, type Path } from './paths';
import { batch, render, shape, type Rendered } from './render';
import type { Entry, GraphResponse, Prober } from './run';

export interface Batch {
  /** The x-request-id the batch is sent with (the audit trail's request id, unless the server makes its own). */
  readonly id: string;
  readonly role: Role;
  readonly entry: Entry;
  /** The agency of the principal (undefined: the role's demo agency). */
  readonly agency: string | undefined;
  readonly cases: Case[];
}

/** A probe as sent in its batch, and its part of the answer. */
export interface Sent {
  readonly rendered: Rendered;
  readonly res: GraphResponse;
  readonly sentId: string;
  /** The document of the request it went in (the same string for every probe of the request). */
  readonly query: string;
  /** The whole answer of the request it went in (the same object for every probe of the request). */
  readonly whole: GraphResponse;
}

/** A probe's top-level field (`_entities` for a subgraph-direct path from an entity). */
const topName = (c: Case): string => (c.path.start.via === 'subgraph' && c.path.start.entity ? '_entities' : c.path.steps[0]!.field.name);
const entryOf = (c: Case): Entry => (c.path.start.via === 'gateway' ? 'gateway' : c.path.start.graph);
/** Fields are told apart by coordinate alone (not by subgraph): a batch is cautious rather than clever. */
const fieldKey = (_graph: string, fieldPath: string) => fieldPath;

/**
 * Fields the gateway reads without being asked, to satisfy a field's `@requires` (e.g.
 * `Notification.letter` needs `offender { name }`): they count as touched by the probe. Read once per field (every probe
 * of every role and agency reaching it asks again).
 */
const requiredCache = new WeakMap<GraphQLSchema, Map<string, readonly string[]>>();
function requiredReads(schema: GraphQLSchema, parent: string, field: string): readonly string[] {
  const bySchema = requiredCache.get(schema) ?? requiredCache.set(schema, new Map()).get(schema)!;
  const key = `${parent}.${field}`;
  let hit = bySchema.get(key);
  if (!hit) bySchema.set(key, (hit = readRequires(schema, parent, field)));
  return hit;
}

function readRequires(schema: GraphQLSchema, parent: string, field: string): string[] {
  const type = schema.getType(parent);
  if (!isObjectType(type)) return [];
  const def = type.getFields()[field];
  const out: string[] = [];
  for (const d of def?.astNode?.directives ?? []) {
    if (d.name.value !== 'join__field') continue;
    const requires = d.arguments?.find((a) => a.name.value === 'requires');
    if (!requires) continue;
    const walk = (typeName: string, set: SelectionSetNode | undefined) => {
      const t = schema.getType(typeName);
      if (!set || !isObjectType(t)) return;
      for (const sel of set.selections) {
        if (sel.kind !== 'Field') continue;
        out.push(`${typeName}.${sel.name.value}`);
        const f = t.getFields()[sel.name.value];
        if (f) walk(getNamedType(f.type).name, sel.selectionSet);
      }
    };
    const op = parse(`{ ${String(valueFromASTUntyped(requires.value))} }`).definitions[0];
    if (op?.kind === 'OperationDefinition') walk(parent, op.selectionSet);
  }
  return out;
}

interface Footprint {
  /** Fields the probe reads and the audit trail must record as allowed. */
  readonly reads: ReadonlySet<string>;
  /** Every field on the probe's path up to where it stops (read, denied or hidden). */
  readonly touches: ReadonlySet<string>;
  /** Fields that must not be recorded as allowed. */
  readonly never: ReadonlySet<string>;
  /** The field the probe is about (its last step reached). */
  readonly own: string;
}

function footprint(c: Case, schema: GraphQLSchema): Footprint {
  const reads = new Set(c.expect.audit.filter((a) => a.outcome === 'ALLOWED').map((a) => fieldKey(a.graph, a.fieldPath)));
  const never = new Set(c.expect.notAllowed.map((n) => fieldKey(n.graph, n.fieldPath)));
  const touches = new Set(c.path.steps.map((s) => fieldKey(s.graph, s.field.coordinate)).filter((k) => !never.has(k)));
  // What the gateway fetches for a step's @requires is read whenever the step is reached.
  const o = c.expect.outcome;
  const reached = !('at' in o) ? c.path.steps : c.path.steps.slice(0, Math.max(o.at, 0) + 1);
  for (const s of reached) for (const k of requiredReads(schema, s.field.parent, s.field.name)) touches.add(k);
  const stop = !('at' in o) ? c.path.steps.length - 1 : Math.max(o.at, 0);
  const last = c.path.steps[stop]!;
  return { reads, touches, never, own: fieldKey(last.graph, last.field.coordinate) };
}

/**
 * What a probe spends of the gateway's per-request limits (a client's limits: aliases, directives, tokens, cost), measured on
 * its own rendering. A batch through the gateway keeps the sum under each limit, so the gateway does not refuse it and the
 * batch is not sent again as halves (a refused request is parsed and validated whole for nothing). A probe whose top-level
 * field name is already taken in its batch gets one alias more there (renderBatch; Open.fits counts it), and tokens leave a
 * margin for the merged operation's own (and those aliases').
 */
interface Spend {
  readonly aliases: number;
  readonly directives: number;
  readonly tokens: number;
  readonly cost: number;
}
const NOTHING: Spend = { aliases: 0, directives: 0, tokens: 0, cost: 0 };
const BUDGET: Spend = {
  aliases: DEFAULT_LIMITS.maxAliases,
  directives: DEFAULT_LIMITS.maxDirectives,
  tokens: Math.floor(DEFAULT_LIMITS.maxTokens * 0.9),
  cost: DEFAULT_LIMITS.maxCost,
};

function tokenCount(text: string): number {
  const lexer = new Lexer(new Source(text));
  let n = 0;
  while (lexer.advance().kind !== TokenKind.EOF) n++;
  return n;
}

function spendOf(c: Case, schema: GraphQLSchema): Spend {
  if (entryOf(c) !== 'gateway') return NOTHING;
  const doc = parse(c.rendered.query);
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = new Map(
    doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d] as const),
  );
  const shape = measureOperation(op, fragments);
  return {
    aliases: shape.aliases,
    directives: shape.directives,
    tokens: tokenCount(c.rendered.query),
    cost: operationCost(schema, doc, op, c.rendered.variables),
  };
}

class Open {
  readonly cases: Case[] = [];
  /** A probe that must go alone. */
  sealed = false;
  private spent: Spend = NOTHING;
  private readonly reads = new Set<string>();
  private readonly touches = new Set<string>();
  private readonly never = new Set<string>();
  private readonly owns = new Set<string>();
  /** The top-level field names taken (renderBatch aliases a probe whose name is taken). */
  private readonly tops = new Set<string>();
  /** The shared top-level fields (mergedRoot) already in the batch, and whether renderBatch aliases each. */
  private readonly roots = new Map<string, boolean>();

  /**
   * What the probe spends in this batch: one alias more when renderBatch aliases its top-level field here (its name is
   * taken; a probe sharing an aliased root repeats the alias in its own selection, which counts again).
   */
  private spendHere(c: Case, spend: Spend): Spend {
    const root = mergedRoot.get(c);
    const aliased = root !== undefined && this.roots.has(root) ? this.roots.get(root)! : this.tops.has(topName(c));
    return spend === NOTHING || !aliased ? spend : { ...spend, aliases: spend.aliases + 1 };
  }

  fits(c: Case, f: Footprint, spend: Spend): boolean {
    const keys = Object.keys(BUDGET) as (keyof Spend)[];
    const here = this.spendHere(c, spend);
    if (this.cases.length && keys.some((k) => this.spent[k] + here[k] > BUDGET[k])) return false;
    for (const k of f.never) if (this.reads.has(k) || this.touches.has(k)) return false;
    for (const k of f.touches) if (this.never.has(k) || this.owns.has(k)) return false;
    return !this.touches.has(f.own);
  }

  add(c: Case, f: Footprint, spend: Spend = NOTHING): void {
    const root = mergedRoot.get(c);
    if (root !== undefined && !this.roots.has(root)) this.roots.set(root, this.tops.has(topName(c)));
    spend = this.spendHere(c, spend);
    this.cases.push(c);
    if (c.style !== 'aliases+variables') this.tops.add(topName(c));
    this.spent = {
      aliases: this.spent.aliases + spend.aliases,
      directives: this.spent.directives + spend.directives,
      tokens: this.spent.tokens + spend.tokens,
      cost: this.spent.cost + spend.cost,
    };
    f.reads.forEach((k) => this.reads.add(k));
    f.touches.forEach((k) => this.touches.add(k));
    f.never.forEach((k) => this.never.add(k));
    this.owns.add(f.own);
  }
}

/**
 * Whether the probe's expected denial nulls the whole answer: a denied non-null field hands its null
 * up through non-null fields (and lists of non-null items) to the root, and `data` is null for every
 * probe of the request (the audit trails' connections are non-null, for instance). Such a probe goes alone.
 */
export function nullsTheRoot(c: Case): boolean {
  if (c.alone !== undefined) return c.alone;
  const o = c.expect.outcome;
  if (o.kind !== 'denied' || (c.path.start.via === 'subgraph' && c.path.start.entity)) return false; // `_entities` items are nullable
  const steps = c.path.steps;
  if (!isNonNullType(steps[o.at]!.field.def.type)) return false;
  for (let k = o.at - 1; k >= 0; k--) {
    const t = steps[k]!.field.def.type;
    const inner = isNonNullType(t) ? t.ofType : t;
    if (isListType(inner) && !isNonNullType(inner.ofType)) return false;
    if (!isNonNullType(t)) return false;
  }
  return true;
}

/** A number for each path object (the cases of one path share it, whatever their role or agency). */
const pathIds = new WeakMap<Path, number>();
let pathCount = 0;
function pathId(p: Path): number {
  let n = pathIds.get(p);
  if (n === undefined) pathIds.set(p, (n = pathCount++));
  return n;
}

/**
 * A probe's part of a document, whoever sends it: its path, shape and whether it reads the row id render the same for
 * every role (and agency), so a document of the same items is the same text for each, and the gateway and the subgraphs
 * parse, validate and plan it once (their document and plan caches), not once per role.
 */
const itemKey = (c: Case) => `${pathId(c.path)}|${c.style}|${c.rowId}`;

/** Where the items of one packing went (item key → document, and whether the item shares its top-level field): the other agency's probes follow it (see packBatches). */
export type Layout = ReadonlyMap<string, { readonly doc: string; readonly merged: boolean }>;

/**
 * The top-level field a probe shares with the batch's other probes of the same root field and arguments (one `offender(id:
 * "...")` holding each probe's selection, merged as GraphQL merges fields), instead of an alias of its own: the gateway plans
 * one fetch per subgraph for them at each step, not one per probe. Only for shapes whose root field prints the same (inline
 * arguments, or variables named after the shared field), from Query, and only when no role's denial of the probe nulls more than its own field (a denied non-null
 * field nulls its parent, which the others share). Set by packBatches for every case of an item alike.
 */
const mergedRoot = new WeakMap<Case, string>();
const MERGEABLE_STYLES: ReadonlySet<string> = new Set(['plain', 'inline-fragments', 'named-fragment+variables']);
/** The root field as it prints: its name and arguments, inline or as (shared) variables. */
const rootSignature = (c: Case) => `${c.style.endsWith('+variables') ? '$' : ''}${c.path.steps[0]!.field.name}${JSON.stringify(c.path.steps[0]!.args)}`;
/** Whether the probe's outcome leaves every field above its own as it is (no denial of a non-null field). */
function nullsOnlyItself(c: Case): boolean {
  const o = c.expect.outcome;
  return o.kind !== 'denied' || !isNonNullType(c.path.steps[o.at]!.field.def.type);
}
const mergeable = (item: readonly Case[]) =>
  MERGEABLE_STYLES.has(item[0]!.style) && !(item[0]!.path.start.via === 'subgraph' && item[0]!.path.start.entity) && item.every(nullsOnlyItself);

/** One document: its items (each with the case of every role that sends it) and, per role, what the role's probes hold in it. */
class Doc {
  readonly items: Map<Role, Case>[] = [];
  readonly open = new Map<Role, Open>();
  constructor(
    readonly key: string,
    readonly entry: Entry,
  ) {}
  fits(item: readonly Case[], fps: readonly Footprint[], spend: Spend): boolean {
    return item.every((c, i) => (this.open.get(c.role) ?? new Open()).fits(c, fps[i]!, spend));
  }
  add(item: readonly Case[], fps: readonly Footprint[], spend: Spend = NOTHING): void {
    this.items.push(new Map(item.map((c) => [c.role, c])));
    item.forEach((c, i) => {
      const o = this.open.get(c.role) ?? this.open.set(c.role, new Open()).get(c.role)!;
      o.add(c, fps[i]!, spend);
    });
  }
}

/**
 * Packs cases into batches (one request each: one role, agency and entry) of at most `size` probes (`size.gateway` through
 * the gateway, within its limits: Spend). The probes of several roles share documents: an item (a path in one shape, see
 * itemKey) goes into a document whose items every one of its roles sends (the same role set), where it fits beside the
 * others for each of those roles (the audit separations of Open), so each role's request of the document is the same text.
 * A probe whose denial nulls the whole answer goes alone (its document is again the same for every role that sends it), or,
 * through the gateway, beside such probes of the other subgraphs.
 * With `follow` (the layout of an earlier packing), an item that packing placed goes into the same document (its separations
 * are not needed: the other agency's probes have no audit expectations), and a reference (an id nobody has, cases.ts
 * referenceOf) into the document of the references of its probe's document: the gateway plans each document once.
 */
export function packBatches(
  cases: readonly Case[],
  schema: GraphQLSchema,
  sizes: number | { gateway: number; subgraph: number },
  idPrefix = 'xb',
  follow?: Layout,
): { batches: Batch[]; layout: Layout } {
  const sizeOf = (e: Entry) => (typeof sizes === 'number' ? sizes : e === 'gateway' ? sizes.gateway : sizes.subgraph);
  const items = new Map<string, Case[]>();
  const alone: Case[] = [];
  for (const c of cases) {
    if (nullsTheRoot(c)) alone.push(c);
    else {
      const k = `${entryOf(c)}|${itemKey(c)}`;
      (items.get(k) ?? items.set(k, []).get(k)!).push(c);
    }
  }
  const docs = new Map<string, Doc[]>();
  const followed = new Map<string, Doc>();
  const layout = new Map<string, { doc: string; merged: boolean }>();
  for (const item of items.values()) {
    const first = item[0]!;
    const entry = entryOf(first);
    const fps = item.map((c) => footprint(c, schema));
    const ref = referenceOf(first.path);
    const placed = follow && (ref ? follow.get(`${entry}|${pathId(ref)}|${first.style}|${first.rowId}`) : follow.get(`${entry}|${itemKey(first)}`));
    const merged = placed ? placed.merged : mergeable(item);
    if (merged) for (const c of item) mergedRoot.set(c, rootSignature(c));
    if (placed !== undefined) {
      const key = ref ? `ref:${placed.doc}` : placed.doc;
      const doc = followed.get(key) ?? followed.set(key, new Doc(key, entry)).get(key)!;
      doc.add(item, fps);
      continue;
    }
    const group = `${entry}|${item
      .map((c) => `${c.role}@${c.agency ?? ''}`)
      .sort()
      .join(',')}`;
    const open = docs.get(group) ?? docs.set(group, []).get(group)!;
    const spend = spendOf(first, schema);
    const size = sizeOf(entry);
    const target = open.find((d) => d.items.length < size && d.fits(item, fps, spend)) ?? (open.push(new Doc(`${group}#${open.length}`, entry)), open.at(-1)!);
    target.add(item, fps, spend);
    layout.set(`${entry}|${itemKey(first)}`, { doc: target.key, merged });
  }
  const batches: Batch[] = [];
  const id = () => `${idPrefix}-${String(batches.length).padStart(5, '0')}`;
  for (const doc of [...[...docs.values()].flat(), ...followed.values()]) {
    const roles = new Map<string, { role: Role; agency: string | undefined; cases: Case[] }>();
    for (const item of doc.items)
      for (const c of item.values()) {
        const k = `${c.role}@${c.agency ?? ''}`;
        (roles.get(k) ?? roles.set(k, { role: c.role, agency: c.agency, cases: [] }).get(k)!).cases.push(c);
      }
    for (const r of roles.values()) batches.push({ id: id(), role: r.role, entry: doc.entry, agency: r.agency, cases: r.cases });
  }
  // A probe whose denial nulls the whole answer goes alone, except through the gateway beside such probes of the other
  // subgraphs (one per subgraph): the gateway fetches each subgraph's root fields apart and hands on each fetch's error.
  const together = new Map<string, { cases: Case[]; graphs: Set<string>; tops: Set<string> }[]>();
  for (const c of alone) {
    const entry = entryOf(c);
    if (entry !== 'gateway') {
      batches.push({ id: id(), role: c.role, entry, agency: c.agency, cases: [c] });
      continue;
    }
    const k = `${c.role}|${c.agency ?? ''}`;
    const open = together.get(k) ?? together.set(k, []).get(k)!;
    const graph = c.path.steps[0]!.graph;
    const target =
      open.find((b) => !b.graphs.has(graph) && !b.tops.has(topName(c))) ?? (open.push({ cases: [], graphs: new Set(), tops: new Set() }), open.at(-1)!);
    target.cases.push(c);
    target.graphs.add(graph);
    target.tops.add(topName(c));
  }
  for (const open of together.values())
    for (const b of open) batches.push({ id: id(), role: b.cases[0]!.role, entry: 'gateway', agency: b.cases[0]!.agency, cases: b.cases });
  return { batches, layout };
}

/** The probes of a batch as sent: each under its own top-level key (its field's name when free, else an alias). */
export function renderBatch(b: Batch): Rendered[] {
  const used = new Set<string>();
  const shared = new Map<string, string>();
  return b.cases.map((c, n) => {
    const first = topName(c);
    const root = mergedRoot.get(c);
    // The aliases style keeps its aliases; a name already taken in this request gets one too (unless the probe shares its root).
    const topKey = (root !== undefined ? shared.get(root) : undefined) ?? (c.style === 'aliases+variables' || used.has(first) ? `p${n}` : first);
    if (root !== undefined) shared.set(root, topKey);
    used.add(topKey);
    return render(c.path, c.style, { rowId: c.rowId, topKey, prefix: `p${n}_`, ...(root !== undefined ? { rootPrefix: `r_${topKey}_` } : {}) });
  });
}

/**
 * A batch's probes as rendered and its request body. Every role (and agency) sending a document renders the same items in
 * the same order (packBatches), so the document is rendered once: a batch's rendering depends only on each probe's item
 * (itemKey: path, shape, row id) and shared root, in order.
 */
const rendered = new Map<string, { parts: Rendered[]; body: { query: string; variables: Record<string, unknown> } }>();
function documentOf(b: Batch): { parts: Rendered[]; body: { query: string; variables: Record<string, unknown> } } {
  const key = b.cases.map((c) => `${itemKey(c)}|${mergedRoot.get(c) ?? ''}`).join(';');
  let hit = rendered.get(key);
  if (!hit) {
    const parts = renderBatch(b);
    rendered.set(key, (hit = { parts, body: batch(parts) }));
  }
  return hit;
}

/** Whether an error's path lies on the probe's own path (above, at or below its last step). */
function onPath(e: { path?: readonly (string | number)[] }, r: Rendered): boolean {
  const at = shape(e.path ?? [], r.offset).split('.');
  const own = r.keys.map(String);
  return at.every((k, i) => i >= own.length || own[i] === k);
}

/**
 * One probe's part of a batch's answer: its top-level key's data and the errors under it (plus any error of the whole
 * request). Under a top-level field several probes share, an error goes to the probes on whose path it lies (to all of
 * them when it lies on none).
 */
function partOf(res: GraphResponse, r: Rendered, keys: ReadonlyMap<string, readonly Rendered[]>): GraphResponse {
  const key = String(r.keys[0]);
  const data = res.data && typeof res.data === 'object' ? { [key]: (res.data as Record<string, unknown>)[key] } : res.data;
  const sharing = keys.get(key)!;
  const errors = (res.errors ?? []).filter((e) => {
    const top = e.path?.[0];
    if (typeof top !== 'string' || !keys.has(top)) return true;
    if (top !== key) return false;
    return sharing.length === 1 || onPath(e, r) || !sharing.some((o) => onPath(e, o));
  });
  const part = { data, ...(errors.length ? { errors } : {}) };
  return withText({ status: res.status, ...part, ...(res.requestId ? { requestId: res.requestId } : {}) }, part);
}

/** The part with its `text` (its JSON) made when first read: only a failure's report and a disclosure search read it. */
function withText(res: Omit<GraphResponse, 'text'>, part: object): GraphResponse {
  let text: string | undefined;
  return Object.defineProperty(res, 'text', { enumerable: true, get: () => (text ??= JSON.stringify(part)) }) as GraphResponse;
}

/** The batches the gateway refused for its limits (each sent again as halves): Spend under-counted them (AUTHZ_STATS lists them). */
export const refusals: string[] = [];
/** Whether the gateway refused a whole request for one of its query limits (aliases, tokens, cost, ...), not a field. */
const overLimit = (res: GraphResponse) => !res.data && (res.errors ?? []).some((e) => e.extensions?.code === 'LIMIT_EXCEEDED');

/**
 * Sends a batch as one request and splits the answer per probe. A batch the gateway refuses for its query limits (a
 * client's limits: 30 aliases, 4000 tokens, ...) is sent again as two halves (any subset of a batch keeps its audit
 * separations), down to one probe, whose refusal is then its answer (and fails it).
 */
export async function sendBatch(send: Prober, b: Batch): Promise<Sent[]> {
  const { parts, body } = documentOf(b);
  const res = await send.send(b.role, b.entry, body, b.id, b.agency);
  if (b.cases.length > 1 && overLimit(res)) {
    refusals.push(
      `refused for its limits: ${b.role} ${b.entry}, ${b.cases.length} probes: ${JSON.stringify(res.errors?.map((e) => e.extensions?.limit ?? e.message))}`,
    );
    const half = Math.ceil(b.cases.length / 2);
    const [x, y] = [b.cases.slice(0, half), b.cases.slice(half)];
    return [...(await sendBatch(send, { ...b, id: `${b.id}a`, cases: x })), ...(await sendBatch(send, { ...b, id: `${b.id}b`, cases: y }))];
  }
  const keys = new Map<string, Rendered[]>();
  for (const p of parts) (keys.get(String(p.keys[0])) ?? keys.set(String(p.keys[0]), []).get(String(p.keys[0]))!).push(p);
  return parts.map((rendered) => ({ rendered, res: partOf(res, rendered, keys), sentId: b.id, query: body.query, whole: res }));
}
