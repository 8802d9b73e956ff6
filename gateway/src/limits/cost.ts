/**
 * The cost model: roughly how many values an operation makes the hub resolve, known before planning.
 * Every field costs 1 (a few expensive ones more) for each parent object it is resolved on. A
 * connection multiplies what is below it by its page size (`first`: the literal, the variable, or the
 * default 20; at most 100), a plain object list by an assumed LIST_FACTOR, an edge list by 1 (its page
 * is already counted on the connection). So `offenders -> incidents -> offenders` ten levels deep, or
 * a hundred aliases of a long list, costs far beyond any page a front-end needs.
 */
import {
  Kind,
  visit,
  getNamedType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { DEFAULT_PAGE, MAX_PAGE } from '@ipvi/core/src/graph/connection';
import { isConnectionField } from '@ipvi/core/src/validation/operation-inputs';

/** What a plain (unpaged) object list is assumed to hold. */
export const LIST_FACTOR = 10;

/** Fields that cost more than 1 per object: rendering a letter is far more work than reading a column. */
export const FIELD_WEIGHTS: Readonly<Record<string, number>> = {
  'NotificationLetter.pdfBase64': 2000,
  'NotificationLetter.html': 100,
};

function listOf(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

function pageSize(node: FieldNode, variables: Readonly<Record<string, unknown>>): number {
  const arg = node.arguments?.find((a) => a.name.value === 'first');
  const raw = !arg
    ? undefined
    : arg.value.kind === Kind.INT
      ? Number(arg.value.value)
      : arg.value.kind === Kind.VARIABLE
        ? variables[arg.value.name.value]
        : undefined;
  const n = typeof raw === 'number' && Number.isInteger(raw) ? raw : DEFAULT_PAGE;
  return Math.min(Math.max(n, 0), MAX_PAGE);
}

function multiplier(parent: GraphQLNamedType, field: GraphQLField<unknown, unknown>, node: FieldNode, variables: Readonly<Record<string, unknown>>): number {
  if (isConnectionField(field)) return pageSize(node, variables);
  if (!listOf(field.type)) return 1;
  return parent.name.endsWith('Connection') ? 1 : LIST_FACTOR;
}

/** The estimated cost of one operation; stops counting once past `stopAbove`. */
export function operationCost(
  schema: GraphQLSchema,
  document: { definitions: readonly { kind: string }[] },
  op: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> = {},
  stopAbove = Infinity,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set((d as FragmentDefinitionNode).name.value, d as FragmentDefinitionNode);
  let total = 0;
  const walk = (set: SelectionSetNode, parent: GraphQLNamedType | null | undefined, times: number, spreading: ReadonlySet<string>): void => {
    if (!parent || total > stopAbove) return;
    for (const sel of set.selections) {
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        walk(sel.selectionSet, sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent, times, spreading);
      } else if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const frag = fragments.get(sel.name.value);
        if (frag && !spreading.has(frag.name.value))
          walk(frag.selectionSet, schema.getType(frag.typeCondition.name.value), times, new Set([...spreading, frag.name.value]));
      } else {
        if (sel.name.value.startsWith('__')) continue; // __typename, and introspection (development mode only)
        const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[sel.name.value] : undefined;
        if (!field) continue;
        total += times * (FIELD_WEIGHTS[`${parent.name}.${field.name}`] ?? 1);
        if (sel.selectionSet) walk(sel.selectionSet, getNamedType(field.type), times * multiplier(parent, field, sel, variables), spreading);
      }
      if (total > stopAbove) return;
    }
  };
  const root = op.operation === 'mutation' ? schema.getMutationType() : op.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  walk(op.selectionSet, root, 1, new Set());
  return total;
}

/** The variables an operation's page sizes (`first`) come from: the only ones its cost depends on. */
function pageVariables(document: { definitions: readonly { kind: string }[] }): string[] {
  const names = new Set<string>();
  visit(document as DocumentNode, {
    Argument(node) {
      if (node.name.value === 'first' && node.value.kind === Kind.VARIABLE) names.add(node.value.name.value);
    },
  });
  return [...names].sort();
}

/** Most variable signatures remembered per operation (a map past this size starts again). */
const SIGNATURES_PER_OPERATION = 256;

/**
 * operationCost, remembered per schema, per operation node (Apollo Server hands every request of one
 * query string the same parsed document) and per value of the variables its page sizes come from.
 */
export function memoisedOperationCost(): typeof operationCost {
  const memo = new WeakMap<GraphQLSchema, WeakMap<OperationDefinitionNode, { vars: string[]; costs: Map<string, number> }>>();
  return (schema, document, op, variables = {}, stopAbove = Infinity) => {
    let bySchema = memo.get(schema);
    if (!bySchema) memo.set(schema, (bySchema = new WeakMap()));
    let entry = bySchema.get(op);
    if (!entry) bySchema.set(op, (entry = { vars: pageVariables(document), costs: new Map() }));
    const key = `${stopAbove}|${entry.vars.map((v) => JSON.stringify(variables[v]) ?? '').join('|')}`;
    const known = entry.costs.get(key);
    if (known !== undefined) return known;
    const cost = operationCost(schema, document, op, variables, stopAbove);
    if (entry.costs.size >= SIGNATURES_PER_OPERATION) entry.costs.clear();
    entry.costs.set(key, cost);
    return cost;
  };
}
