/**
 * Renders a path as a GraphQL document in one of several shapes (plain, aliases, inline fragments,
 * a named fragment; arguments inline or as variables), and reads the values at its end back out.
 */
import { astFromValue, print, type GraphQLInputType } from 'graphql';
import type { Path, Step } from './paths';

export const STYLES = ['plain', 'aliases+variables', 'inline-fragments', 'named-fragment+variables'] as const;
export type Style = (typeof STYLES)[number];

/** The response key of the parent's id when a probe reads it. */
export const ROW_ID = 'canaryRowId';

export interface Rendered {
  readonly query: string;
  readonly variables: Record<string, unknown>;
  /** The response key of each step (after `_entities`, 0 for a subgraph-direct path from an entity). */
  readonly keys: readonly (string | number)[];
  /** How many keys come before the first step. */
  readonly offset: number;
  /** Whether the last step's parent's id is read (as ROW_ID). */
  readonly rowId: boolean;
  /** The parts a batch of probes is assembled from (one request, many probes side by side): */
  /** the top-level selection without its braces, */
  readonly selection: string;
  /** its variable definitions, */
  readonly varDefs: readonly string[];
  /** and its fragment definitions. */
  readonly fragments: readonly string[];
}

export interface RenderOptions {
  /** Also select the id of the last step's parent (as `canaryRowId`), to check the value against the canary row it belongs to. */
  readonly rowId?: boolean;
  /** The top-level response key (an alias when it is not the field's name), so probes can sit side by side in one request. */
  readonly topKey?: string;
  /** Prefix of the probe's variable and fragment names (unique in a batch). */
  readonly prefix?: string;
  /** Prefix of the first step's variables instead (probes sharing their top-level field share its variables too). */
  readonly rootPrefix?: string;
}

/** One probe as a document of its own, or (with `topKey` and `prefix`) as a part of a batch (see batch()). */
export function render(path: Path, style: Style, opts: RenderOptions = {}): Rendered {
  const { rowId = false, topKey, prefix = '', rootPrefix } = opts;
  const useVars = style.endsWith('+variables');
  const varDefs: string[] = [];
  const variables: Record<string, unknown> = {};
  const keys: (string | number)[] = [];
  const argText = (s: Step, i: number) => {
    const parts = s.field.def.args
      .filter((a) => s.args[a.name] !== undefined)
      .map((a) => {
        if (!useVars) return `${a.name}: ${print(astFromValue(s.args[a.name], a.type as GraphQLInputType)!)}`;
        const v = i === 0 && rootPrefix !== undefined ? `${rootPrefix}a0_${a.name}` : `${prefix}a${i}_${a.name}`;
        varDefs.push(`$${v}: ${String(a.type)}`);
        variables[v] = s.args[a.name];
        return `${a.name}: $${v}`;
      });
    return parts.length ? `(${parts.join(', ')})` : '';
  };
  const fragments: string[] = [];
  const steps = path.steps;
  const last = steps[steps.length - 1]!;
  let inner = last.field.composite ? ' { __typename }' : '';
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i]!;
    const styled = style === 'aliases+variables' ? `k${i}` : undefined;
    const top = i === 0 && !(path.start.via === 'subgraph' && path.start.entity) ? topKey : undefined;
    const alias = top !== undefined ? (top === s.field.name ? undefined : top) : styled;
    keys.unshift(alias ?? s.field.name);
    const own = `${alias ? `${alias}: ` : ''}${s.field.name}${argText(s, i)}${inner}`;
    const selection = rowId && i === steps.length - 1 ? `${ROW_ID}: id ${own}` : own;
    if (style === 'inline-fragments') inner = ` { ... on ${s.field.parent} { ${selection} } }`;
    else if (style === 'named-fragment+variables' && i === steps.length - 1) {
      fragments.push(`fragment Leaf${prefix} on ${s.field.parent} { ${selection} }`);
      inner = ` { ...Leaf${prefix} }`;
    } else inner = ` { ${selection} }`;
  }
  let body = inner;
  let offset = 0;
  if (path.start.via === 'subgraph' && path.start.entity) {
    varDefs.unshift(`$${prefix}representations: [_Any!]!`);
    variables[`${prefix}representations`] = [{ __typename: path.start.entity.type, id: path.start.entity.id }];
    const key = topKey ?? '_entities';
    body = ` { ${key === '_entities' ? '' : `${key}: `}_entities(representations: $${prefix}representations) { ... on ${path.start.entity.type}${inner} } }`;
    keys.unshift(key, 0);
    offset = 2;
  }
  const head = `query Probe${varDefs.length ? `(${varDefs.join(', ')})` : ''}`;
  return { query: [`${head}${body}`, ...fragments].join('\n'), variables, keys, offset, rowId, selection: body.slice(3, -2), varDefs, fragments };
}

/** Several probes' parts as one document (their top-level keys, variables and fragments must differ). */
export function batch(parts: readonly Rendered[]): { query: string; variables: Record<string, unknown> } {
  // Probes sharing a top-level field declare its variables alike: once in the operation.
  const varDefs = [...new Set(parts.flatMap((p) => p.varDefs))];
  const head = `query ProbeBatch${varDefs.length ? `(${varDefs.join(', ')})` : ''}`;
  return {
    query: [`${head} {\n  ${parts.map((p) => p.selection).join('\n  ')}\n}`, ...parts.flatMap((p) => p.fragments)].join('\n'),
    variables: Object.assign({}, ...parts.map((p) => p.variables)),
  };
}

/** Every value found at the end of `keys` (lists flattened, except at the last key). */
export function valuesAt(data: unknown, keys: readonly (string | number)[]): unknown[] {
  let current: unknown[] = [data];
  keys.forEach((key, i) => {
    const next: unknown[] = [];
    for (const c of current) {
      if (c === null || c === undefined) continue;
      const v = typeof key === 'number' ? (c as unknown[])[key] : (c as Record<string, unknown>)[key];
      if (Array.isArray(v) && i < keys.length - 1 && typeof keys[i + 1] === 'string') next.push(...v);
      else next.push(v);
    }
    current = next;
  });
  return current;
}

/** An error path without list indexes (besides the `_entities` one), to compare with a step's keys. */
export function shape(path: readonly (string | number)[], offset: number): string {
  return path.filter((p, i) => typeof p === 'string' || i < offset).join('.');
}
