/**
 * Paths to every field of the supergraph: through the gateway (from Query, crossing subgraphs at
 * entity boundaries) and directly on one subgraph (from its Query, or from `_entities`). For every
 * (type, subgraph) the shortest and the longest simple path are kept.
 */
import { getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType, type GraphQLInputType } from 'graphql';
import type { ServiceName } from '@ipvi/core';
import type { FieldRef, GraphModel } from './graph-model';

export interface Step {
  readonly field: FieldRef;
  /** The subgraph resolving this step. */
  readonly graph: ServiceName;
  readonly args: Readonly<Record<string, unknown>>;
}

export interface Path {
  /** Where the query starts: the gateway, or `_entities` of an entity type on its subgraph. */
  readonly start:
    { readonly via: 'gateway' } | { readonly via: 'subgraph'; readonly graph: ServiceName; readonly entity?: { readonly type: string; readonly id: string } };
  readonly steps: readonly Step[];
}

/** What paths need from the canary fixture: ids of entity rows, and argument values for some fields. */
export interface PathFixture {
  readonly ids: Readonly<Record<string, string>>;
  readonly args: Readonly<Record<string, Record<string, unknown>>>;
  /** Fields the walk does not go through (still probed as the last step): some canary row leaves them empty. */
  readonly notThrough?: readonly string[];
}

const MAX_DEPTH = 7;

/** A value for a required argument, or undefined when none can be made up. */
function valueFor(type: GraphQLInputType, argName: string, returns: string, fx: PathFixture): unknown {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    const v = valueFor(inner.ofType, argName, returns, fx);
    return v === undefined ? undefined : [v];
  }
  const named = getNamedType(inner);
  if (named.name === 'ID') return argName === 'id' ? fx.ids[returns] : undefined;
  if (isEnumType(named)) return named.getValues()[0]?.value;
  if (isInputObjectType(named)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(named.getFields())) {
      if (!isNonNullType(f.type)) continue;
      const v = valueFor(f.type, f.name, returns, fx);
      if (v === undefined) return undefined;
      out[f.name] = v;
    }
    return out;
  }
  if (isScalarType(named)) return ({ Int: 1, Float: 1, String: 'x', Boolean: false } as Record<string, unknown>)[named.name];
  return undefined;
}

/** Arguments for a step: the fixture's for this field, plus made-up values for required ones; undefined when impossible. */
export function argsFor(f: FieldRef, fx: PathFixture): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = { ...fx.args[f.coordinate] };
  for (const a of f.def.args) {
    if (out[a.name] !== undefined || !isNonNullType(a.type)) continue;
    const v = valueFor(a.type, a.name, f.returns, fx);
    if (v === undefined) return undefined;
    out[a.name] = v;
  }
  return out;
}

export type Reach = Map<string, { shortest: Path; longest: Path }>;
export const stateKey = (type: string, graph: ServiceName) => `${type}@${graph}`;

function keep(reach: Reach, type: string, graph: ServiceName, path: Path): void {
  const key = stateKey(type, graph);
  const seen = reach.get(key);
  if (!seen) return void reach.set(key, { shortest: path, longest: path });
  if (path.steps.length < seen.shortest.steps.length) seen.shortest = path;
  if (path.steps.length > seen.longest.steps.length) seen.longest = path;
}

/** Walks from a start at (type, graph) over simple paths; `cross` lets the walk change subgraph at entities. */
function walk(m: GraphModel, fx: PathFixture, reach: Reach, path: Path, type: string, graph: ServiceName, visited: Set<string>, cross: boolean): void {
  const graphs = cross && m.keyGraphs(type).includes(graph) ? m.keyGraphs(type) : [graph];
  for (const g of graphs) {
    keep(reach, type, g, path);
    if (path.steps.length >= MAX_DEPTH) continue;
    for (const f of m.fieldsOf(type)) {
      if (!f.composite || !f.graphs.includes(g) || visited.has(f.returns) || fx.notThrough?.includes(f.coordinate)) continue;
      const args = argsFor(f, fx);
      if (!args) continue;
      const next: Path = { start: path.start, steps: [...path.steps, { field: f, graph: g, args }] };
      walk(m, fx, reach, next, f.returns, g, new Set([...visited, f.returns]), cross);
    }
  }
}

/** Paths through the gateway to every (type, subgraph) reachable from Query. */
export function gatewayReach(m: GraphModel, fx: PathFixture): Reach {
  const reach: Reach = new Map();
  for (const g of new Set(m.fieldsOf('Query').flatMap((f) => f.graphs))) {
    walk(m, fx, reach, { start: { via: 'gateway' }, steps: [] }, 'Query', g, new Set(['Query']), true);
  }
  return reach;
}

/** Paths inside one subgraph: from its Query fields and from `_entities` of each of its entity types. */
export function subgraphReach(m: GraphModel, fx: PathFixture, graph: ServiceName): Reach {
  const reach: Reach = new Map();
  walk(m, fx, reach, { start: { via: 'subgraph', graph }, steps: [] }, 'Query', graph, new Set(['Query']), false);
  for (const type of new Set(m.fields.map((f) => f.parent))) {
    const id = fx.ids[type];
    if (!m.entityGraphs(type).includes(graph) || !id) continue;
    walk(m, fx, reach, { start: { via: 'subgraph', graph, entity: { type, id } }, steps: [] }, type, graph, new Set([type]), false);
  }
  return reach;
}

/** The path a reference path (the same steps from an id nobody has) was made from. */
const referenceOrigins = new WeakMap<Path, Path>();
const referencesMade = new WeakMap<Path, Path>();

/** The path `p` with its start id replaced (by `make`), made once per path: every role's reference probe of it shares it. */
export function referencePath(p: Path, make: (p: Path) => Path): Path {
  const cached = referencesMade.get(p);
  if (cached) return cached;
  const ref = make(p);
  referencesMade.set(p, ref);
  referenceOrigins.set(ref, p);
  return ref;
}

/** The path a reference path was made from (undefined: `p` is no reference). */
export function referenceOf(p: Path): Path | undefined {
  return referenceOrigins.get(p);
}
