/**
 * A model of the composed supergraph (gateway/supergraph.graphql) for the exhaustive authorization
 * test: every object field, the subgraphs that resolve it, and where each type is an entity.
 */
import fs from 'node:fs';
import {
  buildASTSchema,
  getNamedType,
  isAbstractType,
  isCompositeType,
  isListType,
  isNonNullType,
  isObjectType,
  parse,
  valueFromASTUntyped,
  type ConstDirectiveNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import type { ServiceName } from '@ipvi/core';
import { SERVICES_SUPERGRAPH_FILE, SUPERGRAPH_FILE } from '@ipvi/gateway/src/subgraphs';
import { Supergraph } from '@apollo/federation-internals';

export interface FieldRef {
  readonly parent: string;
  readonly name: string;
  /** "Type.field" */
  readonly coordinate: string;
  /** Subgraphs that resolve the field. */
  readonly graphs: readonly ServiceName[];
  /** Named return type. */
  readonly returns: string;
  readonly composite: boolean;
  readonly list: boolean;
  readonly def: GraphQLField<unknown, unknown>;
}

export interface GraphModel {
  readonly schema: GraphQLSchema;
  readonly fields: readonly FieldRef[];
  fieldsOf(type: string): readonly FieldRef[];
  /** Subgraphs where the type has a `@key` (and so can hand over or take a representation). */
  keyGraphs(type: string): readonly ServiceName[];
  /** Subgraphs that resolve the type from a representation (`_entities`). */
  entityGraphs(type: string): readonly ServiceName[];
  /** What the walk cannot handle (abstract types, keys other than id): the test fails on these. */
  readonly unsupported: readonly string[];
}

function args(d: ConstDirectiveNode): Record<string, unknown> {
  return Object.fromEntries((d.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)]));
}

function directives(node: { directives?: readonly ConstDirectiveNode[] } | null | undefined, name: string): Record<string, unknown>[] {
  return (node?.directives ?? []).filter((d) => d.name.value === name).map(args);
}

function isListy(t: GraphQLOutputType): boolean {
  const inner = isNonNullType(t) ? t.ofType : t;
  return isListType(inner);
}

/** The model of the full supergraph (the service principals'; the partners' one hides the service feeds: see partnerHidden). */
export function loadGraphModel(sdl = fs.readFileSync(SERVICES_SUPERGRAPH_FILE, 'utf8')): GraphModel {
  const schema = buildASTSchema(parse(sdl), { assumeValidSDL: true });
  const graphEnum = schema.getType('join__Graph');
  const graphName = new Map<string, ServiceName>();
  for (const v of graphEnum && 'getValues' in graphEnum ? graphEnum.getValues() : []) {
    const [g] = directives(v.astNode, 'join__graph');
    graphName.set(v.name, g!.name as ServiceName);
  }
  const unsupported: string[] = [];
  const fields: FieldRef[] = [];
  const keys = new Map<string, { graph: ServiceName; resolvable: boolean }[]>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || type.name.startsWith('join__') || type.name.startsWith('link__')) continue;
    if (isAbstractType(type)) unsupported.push(`${type.name}: abstract types are not walked yet`);
    if (!isObjectType(type)) continue;
    const joins = directives(type.astNode, 'join__type');
    const typeGraphs = joins.map((j) => graphName.get(String(j.graph))!);
    for (const j of joins.filter((x) => x.key !== undefined)) {
      if (j.key !== 'id') unsupported.push(`${type.name}: key "${String(j.key)}" (the walk handles @key(fields: "id") only)`);
      (keys.get(type.name) ?? keys.set(type.name, []).get(type.name)!).push({ graph: graphName.get(String(j.graph))!, resolvable: j.resolvable !== false });
    }
    for (const def of Object.values((type as GraphQLObjectType).getFields())) {
      const joined = directives(def.astNode, 'join__field').filter((j) => j.graph !== undefined && j.external !== true);
      const graphs = joined.length ? joined.map((j) => graphName.get(String(j.graph))!) : typeGraphs;
      const named = getNamedType(def.type);
      fields.push({
        parent: type.name,
        name: def.name,
        coordinate: `${type.name}.${def.name}`,
        graphs,
        returns: named.name,
        composite: isCompositeType(named),
        list: isListy(def.type),
        def,
      });
    }
  }
  const byType = new Map<string, FieldRef[]>();
  for (const f of fields) (byType.get(f.parent) ?? byType.set(f.parent, []).get(f.parent)!).push(f);
  return {
    schema,
    fields,
    fieldsOf: (type) => byType.get(type) ?? [],
    keyGraphs: (type) => (keys.get(type) ?? []).map((k) => k.graph),
    entityGraphs: (type) => (keys.get(type) ?? []).filter((k) => k.resolvable).map((k) => k.graph),
    unsupported,
  };
}

/**
 * Whether a field (`Type.field`) is absent from the partners' API schema (gateway/supergraph.graphql: the
 * service feeds are @inaccessible there). The gateway serves that schema to every human principal, so
 * such a field is a validation error for them (test/contract-feeds.test.ts), not a probe of the policy.
 */
export function partnerHidden(sdl = fs.readFileSync(SUPERGRAPH_FILE, 'utf8')): (coordinate: string) => boolean {
  const api = Supergraph.build(sdl).schema.toAPISchema().toGraphQLJSSchema();
  return (coordinate) => {
    const [type, field] = coordinate.split('.') as [string, string];
    const t = api.getType(type);
    return !t || !('getFields' in t) || !(field in t.getFields());
  };
}
