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
import { batch, render, type Rendered } from './render';
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
}

/** A probe's top-level field (`_entities` for a subgraph-direct path from an entity). */
const topName = (c: Case): string => (c.path.start.via === 'subgraph' && c.path.start.entity ? '_entities' : c.path.steps[0]!.field.name);
const entryOf = (c: Case): Entry => (c.path.start.via === 'gateway' ? 'gateway' : c.path.start.graph);
/** Fields are told apart by coordinate alone (not by subgraph): a batch is cautious rather than clever. */
const fieldKey = (_graph: string, fieldPath: string) => fieldPath;

/**
 * Fields the gateway reads without being asked, to satisfy a field's `@requires` (e.g.
 * `Notification.letter` needs `offender { name }`): they count as touched by the probe.
 */
function requiredReads(schema: GraphQLSchema, parent: string, field: string): string[] {
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

  /** What the probe spends in this batch: one alias more when renderBatch must alias its top-level field here. */
  private spendHere(c: Case, spend: Spend): Spend {
    return spend === NOTHING || !this.tops.has(topName(c)) ? spend : { ...spend, aliases: spend.aliases + 1 };
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

/**
 * Packs cases into batches of at most `size` probes (`size.gateway` through the gateway, within its limits: Spend),
 * one role, agency and entry per batch.
 */
export function packBatches(cases: readonly Case[], schema: GraphQLSchema, sizes: number | { gateway: number; subgraph: number }, idPrefix = 'xb'): Batch[] {
  const sizeOf = (e: Entry) => (typeof sizes === 'number' ? sizes : e === 'gateway' ? sizes.gateway : sizes.subgraph);
  const groups = new Map<string, { role: Role; entry: Entry; agency: string | undefined; open: Open[] }>();
  for (const c of cases) {
    const entry = entryOf(c);
    const key = `${c.role}|${entry}|${c.agency ?? ''}`;
    const g = groups.get(key) ?? groups.set(key, { role: c.role, entry, agency: c.agency, open: [] }).get(key)!;
    const f = footprint(c, schema);
    if (nullsTheRoot(c)) {
      g.open.push(new Open());
      g.open.at(-1)!.add(c, f);
      g.open.at(-1)!.sealed = true;
      continue;
    }
    const spend = spendOf(c, schema);
    const size = sizeOf(entry);
    const target = g.open.find((b) => !b.sealed && b.cases.length < size && b.fits(c, f, spend)) ?? (g.open.push(new Open()), g.open.at(-1)!);
    target.add(c, f, spend);
  }
  const out: Batch[] = [];
  for (const g of groups.values()) {
    for (const b of g.open)
      out.push({ id: `${idPrefix}-${String(out.length).padStart(5, '0')}`, role: g.role, entry: g.entry, agency: g.agency, cases: b.cases });
  }
  return out;
}

/** The probes of a batch as sent: each under its own top-level key (its field's name when free, else an alias). */
export function renderBatch(b: Batch): Rendered[] {
  const used = new Set<string>();
  return b.cases.map((c, n) => {
    const first = topName(c);
    // The aliases style keeps its aliases; a name already taken in this request gets one too.
    const topKey = c.style === 'aliases+variables' || used.has(first) ? `p${n}` : first;
    used.add(topKey);
    return render(c.path, c.style, { rowId: c.rowId, topKey, prefix: `p${n}_` });
  });
}

/** One probe's part of a batch's answer: its top-level key's data and the errors under it (plus any error of the whole request). */
function partOf(res: GraphResponse, key: string, keys: ReadonlySet<string>): GraphResponse {
  const data = res.data && typeof res.data === 'object' ? { [key]: (res.data as Record<string, unknown>)[key] } : res.data;
  const errors = (res.errors ?? []).filter((e) => {
    const top = e.path?.[0];
    return top === key || typeof top !== 'string' || !keys.has(top);
  });
  const part = { data, ...(errors.length ? { errors } : {}) };
  return { status: res.status, ...part, text: JSON.stringify(part), ...(res.requestId ? { requestId: res.requestId } : {}) };
}

/** Whether the gateway refused a whole request for one of its query limits (aliases, tokens, cost, ...), not a field. */
const overLimit = (res: GraphResponse) => !res.data && (res.errors ?? []).some((e) => e.extensions?.code === 'LIMIT_EXCEEDED');

/**
 * Sends a batch as one request and splits the answer per probe. A batch the gateway refuses for its query limits (a
 * client's limits: 30 aliases, 4000 tokens, ...) is sent again as two halves (any subset of a batch keeps its audit
 * separations), down to one probe, whose refusal is then its answer (and fails it).
 */
export async function sendBatch(send: Prober, b: Batch): Promise<Sent[]> {
  const parts = renderBatch(b);
  const res = await send.send(b.role, b.entry, batch(parts), b.id, b.agency);
  if (b.cases.length > 1 && overLimit(res)) {
    const half = Math.ceil(b.cases.length / 2);
    const [x, y] = [b.cases.slice(0, half), b.cases.slice(half)];
    return [...(await sendBatch(send, { ...b, id: `${b.id}a`, cases: x })), ...(await sendBatch(send, { ...b, id: `${b.id}b`, cases: y }))];
  }
  const keys = new Set(parts.map((p) => String(p.keys[0])));
  return parts.map((rendered) => ({ rendered, res: partOf(res, String(rendered.keys[0]), keys), sentId: b.id }));
}
