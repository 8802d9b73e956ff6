/**
 * Checks input values against their GraphQL input types and names every problem by its input path:
 * JSON values (variables) and AST literals take the same path through the same rules, so a bad value
 * gets the same answer inline or as a variable. Beyond GraphQL's own coercion: no NUL characters,
 * bounded strings and lists, IDs that must be UUIDs, and the hub's scalars (DateTime, Date).
 */
import {
  Kind,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  valueFromASTUntyped,
  type GraphQLEnumType,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type ValueNode,
} from 'graphql';
import { suggestionList } from 'graphql/jsutils/suggestionList';
import { scalarProblem } from '../graph/scalars';
import { Reason, type InputProblem } from './problems';
import { UUID_RE } from './rules';

const NAME_RE = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;
const INT32 = 2 ** 31;

export interface InputRules {
  /** Longest string accepted anywhere (characters). */
  readonly maxStringLength: number;
  /** Most items of any list. */
  readonly maxListItems: number;
  /** Input coordinates (`Type.field` or `Type.field(arg:)`) whose ID is not a UUID. */
  readonly idsNotUuid: ReadonlySet<string>;
}

/** For clients' requests (the gateway). */
export const DEFAULT_INPUT_RULES: InputRules = Object.freeze({ maxStringLength: 100_000, maxListItems: 1_000, idsNotUuid: new Set<string>() });

/**
 * For the gateway's calls to a subgraph: the client's input was bounded at the gateway, and an entity
 * fetch legitimately carries thousands of representations.
 */
export const INTERNAL_INPUT_RULES: InputRules = Object.freeze({ ...DEFAULT_INPUT_RULES, maxStringLength: Infinity, maxListItems: Infinity });

/** Where a value sits: its path (named in problems) and its schema coordinate (for per-position rules). */
export interface Position {
  readonly path: string;
  readonly coordinate: string;
}

export type Variables = Readonly<Record<string, unknown>>;

function enumReason(type: GraphQLEnumType, given: unknown): string {
  const names = type.getValues().map((v) => v.name);
  const closest = typeof given === 'string' && given.length <= 100 ? suggestionList(given, names)[0] : undefined;
  return Reason.enumValue(type.name, names, closest);
}

function stringProblem(s: string, rules: InputRules): string | undefined {
  if (s.length > rules.maxStringLength) return Reason.tooLong;
  if (s.includes('\u0000')) return Reason.nul;
  return undefined;
}

/** The reason a leaf value (already unwrapped from JSON or a literal) is refused, or undefined. */
function leafProblem(typeName: string, v: unknown, at: Position, rules: InputRules): string | undefined {
  switch (typeName) {
    case 'String':
      return typeof v === 'string' ? stringProblem(v, rules) : Reason.string;
    case 'ID': {
      const uuid = !rules.idsNotUuid.has(at.coordinate);
      if (typeof v !== 'string' && !(typeof v === 'number' && Number.isInteger(v))) return uuid ? Reason.uuid : Reason.string;
      if (!uuid) return stringProblem(String(v), rules);
      return UUID_RE.test(String(v)) ? undefined : Reason.uuid;
    }
    case 'Int':
      if (typeof v !== 'number' || !Number.isInteger(v)) return Reason.integer;
      return v >= -INT32 && v < INT32 ? undefined : Reason.int32;
    case 'Float':
      return typeof v === 'number' && Number.isFinite(v) ? undefined : Reason.number;
    case 'Boolean':
      return typeof v === 'boolean' ? undefined : Reason.boolean;
    default:
      return scalarProblem(typeName, v);
  }
}

function fieldPosition(type: GraphQLInputObjectType, at: Position, name: string): Position {
  return { path: `${at.path}.${name}`, coordinate: `${type.name}.${name}` };
}

function unknownField(type: GraphQLInputObjectType, at: Position, name: string): InputProblem {
  return NAME_RE.test(name)
    ? { field: `${at.path}.${name}`, reason: Reason.unknownField(type.name) }
    : { field: at.path, reason: Reason.unknownFieldName(type.name) };
}

/** Problems of a JSON value (a variable, or part of one) of the given input type. */
export function valueProblems(type: GraphQLInputType, value: unknown, at: Position, rules: InputRules, out: InputProblem[]): void {
  if (isNonNullType(type)) {
    if (value === undefined) out.push({ field: at.path, reason: Reason.required });
    else if (value === null) out.push({ field: at.path, reason: Reason.notNull });
    else valueProblems(type.ofType, value, at, rules, out);
    return;
  }
  if (value === null || value === undefined) return;
  if (isListType(type)) {
    if (!Array.isArray(value)) return valueProblems(type.ofType, value, at, rules, out);
    if (value.length > rules.maxListItems) return void out.push({ field: at.path, reason: Reason.tooMany });
    value.forEach((item, i) => valueProblems(type.ofType, item, { path: `${at.path}[${i}]`, coordinate: at.coordinate }, rules, out));
    return;
  }
  if (isInputObjectType(type)) {
    if (typeof value !== 'object' || Array.isArray(value)) return void out.push({ field: at.path, reason: Reason.object(type.name) });
    const fields = type.getFields();
    const given = value as Record<string, unknown>;
    for (const [name, def] of Object.entries(fields)) {
      const v = given[name];
      if (v === undefined && def.defaultValue !== undefined) continue;
      valueProblems(def.type, v, fieldPosition(type, at, name), rules, out);
    }
    for (const name of Object.keys(given)) if (!(name in fields)) out.push(unknownField(type, at, name));
    return;
  }
  if (isEnumType(type)) {
    if (typeof value !== 'string' || !type.getValue(value)) out.push({ field: at.path, reason: enumReason(type, value) });
    return;
  }
  if (isScalarType(type)) {
    const reason = leafProblem(type.name, value, at, rules);
    if (reason) out.push({ field: at.path, reason });
  }
}

/** What a variable holds, and how it was declared (to check a default literal instead of a missing value). */
export interface VariableSource {
  readonly values: Variables;
  readonly defaults: ReadonlyMap<string, ValueNode>;
  /** Called for each variable a literal uses (so unused ones can be checked on their own). */
  readonly used: Set<string>;
}

function literalLeaf(node: ValueNode): unknown {
  switch (node.kind) {
    case Kind.INT: {
      const n = Number(node.value);
      return Number.isSafeInteger(n) ? n : Number.MAX_VALUE; // out of range either way
    }
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.STRING:
    case Kind.BOOLEAN:
      return node.value;
    case Kind.ENUM:
      return { enumLiteral: node.value };
    default:
      return valueFromASTUntyped(node);
  }
}

const BUILT_IN_SCALARS = new Set(['String', 'ID', 'Int', 'Float', 'Boolean']);

/** A scalar literal's problem. A custom scalar that takes any JSON (no checker of its own) takes lists and objects too. */
function scalarLiteralProblem(name: string, node: ValueNode, at: Position, rules: InputRules): string | undefined {
  const anyJson = !BUILT_IN_SCALARS.has(name) && scalarProblem(name, '') === undefined;
  if (anyJson) return scalarProblem(name, valueFromASTUntyped(node));
  return leafProblem(name, literalLeaf(node), at, rules);
}

/** A variable where a value of `type` goes: its value, else its default literal; a missing optional one leaves the value out. */
function variableProblems(type: GraphQLInputType, name: string, at: Position, vars: VariableSource, rules: InputRules, out: InputProblem[]): void {
  vars.used.add(name);
  const value = vars.values[name];
  const fallback = vars.defaults.get(name);
  if (value === undefined && fallback) return literalProblems(type, fallback, at, vars, rules, out);
  if (value === undefined && !isNonNullType(type)) return;
  valueProblems(type, value, at, rules, out);
}

function objectLiteralProblems(
  type: GraphQLInputObjectType,
  node: ValueNode,
  at: Position,
  vars: VariableSource,
  rules: InputRules,
  out: InputProblem[],
): void {
  if (node.kind !== Kind.OBJECT) return void out.push({ field: at.path, reason: Reason.object(type.name) });
  const fields = type.getFields();
  const given = new Map(node.fields.map((f) => [f.name.value, f.value]));
  for (const [name, def] of Object.entries(fields)) {
    const v = given.get(name);
    if (v !== undefined) literalProblems(def.type, v, fieldPosition(type, at, name), vars, rules, out);
    else if (isNonNullType(def.type) && def.defaultValue === undefined) out.push({ field: `${at.path}.${name}`, reason: Reason.required });
  }
  for (const name of given.keys()) if (!(name in fields)) out.push(unknownField(type, at, name));
}

/** Problems of an AST literal (with any variables inside it) of the given input type. */
export function literalProblems(type: GraphQLInputType, node: ValueNode, at: Position, vars: VariableSource, rules: InputRules, out: InputProblem[]): void {
  if (node.kind === Kind.VARIABLE) return variableProblems(type, node.name.value, at, vars, rules, out);
  if (isNonNullType(type)) {
    if (node.kind === Kind.NULL) return void out.push({ field: at.path, reason: Reason.notNull });
    return literalProblems(type.ofType, node, at, vars, rules, out);
  }
  if (node.kind === Kind.NULL) return;
  if (isListType(type)) {
    if (node.kind !== Kind.LIST) return literalProblems(type.ofType, node, at, vars, rules, out);
    if (node.values.length > rules.maxListItems) return void out.push({ field: at.path, reason: Reason.tooMany });
    node.values.forEach((item, i) => literalProblems(type.ofType, item, { path: `${at.path}[${i}]`, coordinate: at.coordinate }, vars, rules, out));
    return;
  }
  if (isInputObjectType(type)) return objectLiteralProblems(type, node, at, vars, rules, out);
  if (isEnumType(type)) {
    if (node.kind === Kind.ENUM && type.getValue(node.value)) return;
    out.push({ field: at.path, reason: enumReason(type, node.kind === Kind.ENUM || node.kind === Kind.STRING ? node.value : undefined) });
    return;
  }
  const reason = isScalarType(type) ? scalarLiteralProblem(type.name, node, at, rules) : undefined;
  if (reason) out.push({ field: at.path, reason });
}
