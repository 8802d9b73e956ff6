/**
 * Depth, alias and directive limits as one validation rule, run with GraphQL's own validation (before
 * any planning): fragments are expanded where they are spread, so a fragment cannot hide depth.
 */
import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import { limitExceeded, type QueryLimit } from '@ipvi/core/src/errors';
import type { QueryLimits } from './config';

export interface OperationShape {
  depth: number;
  aliases: number;
  directives: number;
  /** Selections visited with fragments expanded (a document that expands beyond MAX_EXPANDED is refused as too costly). */
  expanded: number;
}

/** Fragments spread inside fragments can multiply a small document: stop measuring past this many selections. */
export const MAX_EXPANDED = 50_000;

/** Measures an operation: its deepest field nesting and its aliases and directives (fragments counted where spread). */
export function measureOperation(op: OperationDefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>, stopAbove = Infinity): OperationShape {
  const shape: OperationShape = { depth: 0, aliases: 0, directives: op.directives?.length ?? 0, expanded: 0 };
  const walk = (set: SelectionSetNode, depth: number, spreading: ReadonlySet<string>): void => {
    if (shape.aliases > stopAbove || shape.directives > stopAbove || depth > stopAbove || shape.expanded > MAX_EXPANDED) return;
    for (const sel of set.selections) {
      shape.expanded++;
      shape.directives += sel.directives?.length ?? 0;
      if (sel.kind === Kind.FIELD) {
        if (sel.alias) shape.aliases++;
        if (sel.name.value === '__schema' || sel.name.value === '__type') continue; // introspection: development mode only, and bounded by the schema
        shape.depth = Math.max(shape.depth, depth + 1);
        if (sel.selectionSet) walk(sel.selectionSet, depth + 1, spreading);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        walk(sel.selectionSet, depth, spreading);
      } else {
        const frag = fragments.get(sel.name.value);
        if (!frag || spreading.has(frag.name.value)) continue; // unknown or cyclic: GraphQL's own rules refuse it
        shape.directives += frag.directives?.length ?? 0;
        walk(frag.selectionSet, depth, new Set([...spreading, frag.name.value]));
      }
    }
  };
  walk(op.selectionSet, 0, new Set());
  return shape;
}

function limitError(limit: QueryLimit, op: OperationDefinitionNode): GraphQLError {
  const e = limitExceeded(limit);
  return new GraphQLError(e.message, { nodes: [op], extensions: e.extensions });
}

/** The validation rule: reports the first limit each operation exceeds. */
export function shapeLimitRule(limits: Pick<QueryLimits, 'maxDepth' | 'maxAliases' | 'maxDirectives'>): (context: ValidationContext) => ASTVisitor {
  return (context) => ({
    Document(doc) {
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
      const stopAbove = Math.max(limits.maxDepth, limits.maxAliases, limits.maxDirectives);
      for (const d of doc.definitions) {
        if (d.kind !== Kind.OPERATION_DEFINITION) continue;
        const shape = measureOperation(d, fragments, stopAbove);
        if (shape.depth > limits.maxDepth) context.reportError(limitError('depth', d));
        else if (shape.aliases > limits.maxAliases) context.reportError(limitError('aliases', d));
        else if (shape.directives > limits.maxDirectives) context.reportError(limitError('directives', d));
        else if (shape.expanded > MAX_EXPANDED) context.reportError(limitError('cost', d));
      }
      return false; // nothing below needs visiting
    },
  });
}
