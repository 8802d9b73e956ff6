/**
 * Write probes: every Mutation field of the supergraph with made-up arguments that pass GraphQL
 * validation (the shield decides before any resolver reads them), for checking that the write
 * policy refuses every role it denies.
 */
import { randomUUID } from 'node:crypto';
import { getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType, type GraphQLInputType } from 'graphql';
import type { FieldRef, GraphModel } from './graph-model';

const SCALARS: Record<string, () => unknown> = {
  ID: () => randomUUID(),
  String: () => 'x',
  Int: () => 1,
  Float: () => 1,
  Boolean: () => false,
  DateTime: () => new Date(Date.now() - 60_000).toISOString(),
  Date: () => '2026-01-02',
  JSON: () => ({}),
};

/** A value of an input type: required fields only, one element per list. */
function sample(type: GraphQLInputType): unknown {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return [sample(inner.ofType)];
  const named = getNamedType(inner);
  if (isEnumType(named)) return named.getValues()[0]!.value;
  if (isInputObjectType(named)) {
    return Object.fromEntries(
      Object.values(named.getFields())
        .filter((f) => isNonNullType(f.type))
        .map((f) => [f.name, sample(f.type)]),
    );
  }
  const make = SCALARS[named.name];
  if (!make) throw new Error(`no sample value for the scalar ${named.name} (add one to test/authz/writes.ts)`);
  return make();
}

export interface WriteProbe {
  readonly field: FieldRef;
  readonly query: string;
  readonly variables: Record<string, unknown>;
}

/** One document per mutation (its required arguments as variables), selecting `__typename` of its payload. */
export function writeProbes(m: GraphModel): WriteProbe[] {
  return m.fieldsOf('Mutation').map((field) => {
    const args = field.def.args.filter((a) => isNonNullType(a.type));
    const defs = args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
    const query = `mutation WriteProbe${defs ? `(${defs})` : ''} { ${field.name}${args.length ? `(${args.map((a) => `${a.name}: $${a.name}`).join(', ')})` : ''} { __typename } }`;
    return { field, query, variables: Object.fromEntries(args.map((a) => [a.name, sample(a.type)])) };
  });
}
