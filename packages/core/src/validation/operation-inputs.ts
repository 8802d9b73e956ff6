/**
 * Every input of one operation, checked before it runs: each argument of each selected field (inline
 * literals and variables alike, named by the argument's input path), then any variable no argument
 * used. Connection `first` arguments are held to the page range of the API contract.
 */
import {
  Kind,
  getNamedType,
  isInputType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  typeFromAST,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { MAX_PAGE } from '../graph/connection';
import { DEFAULT_INPUT_RULES, literalProblems, valueProblems, type InputRules, type VariableSource, type Variables } from './input-values';
import { Reason, uniqueProblems, type InputProblem } from './problems';

/** The operation a request runs: the named one, or the only one; undefined when that is ambiguous or missing. */
export function selectOperation(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode | undefined {
  const ops = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operationName) return ops.find((o) => o.name?.value === operationName);
  return ops.length === 1 ? ops[0] : undefined;
}

/** Why a request names no single operation to run (message for a 400 BAD_REQUEST), or undefined. */
export function operationResolutionProblem(document: DocumentNode, operationName: string | null | undefined): string | undefined {
  if (selectOperation(document, operationName)) return undefined;
  const count = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length;
  if (operationName) return 'The operationName does not name an operation of the document.';
  if (count === 0) return 'The document holds no operation.';
  return 'The document holds several operations: name the one to run in operationName.';
}

function rootType(schema: GraphQLSchema, op: OperationDefinitionNode) {
  return op.operation === 'mutation' ? schema.getMutationType() : op.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
}

function fieldsOf(type: GraphQLNamedType | null | undefined): Record<string, GraphQLField<unknown, unknown>> | undefined {
  return type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields() : undefined;
}

/** True for a Relay connection field: a `first` argument and a `...Connection` result. */
export function isConnectionField(field: GraphQLField<unknown, unknown>): boolean {
  return field.args.some((a) => a.name === 'first') && getNamedType(field.type).name.endsWith('Connection');
}

function firstOutOfRange(node: ValueNode, vars: Variables): boolean {
  const v = node.kind === Kind.VARIABLE ? vars[node.name.value] : node.kind === Kind.INT ? Number(node.value) : undefined;
  return typeof v === 'number' && Number.isInteger(v) && (v < 0 || v > MAX_PAGE);
}

export function operationInputProblems(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Variables | undefined,
  rules: InputRules = DEFAULT_INPUT_RULES,
): InputProblem[] {
  const values = variables ?? {};
  const defaults = new Map<string, ValueNode>();
  for (const d of operation.variableDefinitions ?? []) if (d.defaultValue) defaults.set(d.variable.name.value, d.defaultValue);
  const vars: VariableSource = { values, defaults, used: new Set() };
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const out: InputProblem[] = [];
  const seenFragments = new Set<string>();

  const walk = (set: SelectionSetNode | undefined, parent: GraphQLNamedType | null | undefined): void => {
    if (!set || !parent) return;
    for (const sel of set.selections) {
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        walk(sel.selectionSet, sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent);
        continue;
      }
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const frag = fragments.get(sel.name.value);
        if (!frag || seenFragments.has(frag.name.value)) continue;
        seenFragments.add(frag.name.value);
        walk(frag.selectionSet, schema.getType(frag.typeCondition.name.value));
        continue;
      }
      const field = fieldsOf(parent)?.[sel.name.value];
      if (!field) continue;
      for (const arg of sel.arguments ?? []) {
        const def = field.args.find((a) => a.name === arg.name.value);
        if (!def) continue;
        const at = { path: arg.name.value, coordinate: `${parent.name}.${field.name}(${def.name}:)` };
        const before = out.length;
        literalProblems(def.type, arg.value, at, vars, rules, out);
        if (out.length === before && def.name === 'first' && isConnectionField(field) && firstOutOfRange(arg.value, values)) {
          out.push({ field: at.path, reason: Reason.range(0, MAX_PAGE) });
        }
      }
      walk(sel.selectionSet, getNamedType(field.type));
    }
  };
  walk(operation.selectionSet, rootType(schema, operation));

  for (const d of operation.variableDefinitions ?? []) {
    const name = d.variable.name.value;
    if (vars.used.has(name)) continue;
    const type = typeFromAST(schema, d.type as never);
    if (!type || !isInputType(type)) continue;
    const value = values[name];
    if (value === undefined && (d.defaultValue || !isNonNullType(type))) continue;
    valueProblems(type, value, { path: `$${name}`, coordinate: `$${name}` }, rules, out);
  }
  return uniqueProblems(out);
}
