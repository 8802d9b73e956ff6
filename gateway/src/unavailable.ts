/**
 * The errors that stand in for a subgraph fetch that got no answer: one per field the fetch would
 * have filled, on that field's path, so a client sees exactly which fields are missing and why.
 */
import { GraphQLError, Kind, parse, type SelectionSetNode } from 'graphql';

export const SUBGRAPH_UNAVAILABLE = 'SUBGRAPH_UNAVAILABLE';
export const UNAVAILABLE_MESSAGE = 'This part of the graph is temporarily unavailable.';
/** A long list of entities from a dead subgraph yields at most this many errors (plus one without a path). */
const MAX_ERRORS = 100;

/** Response names of the fields a selection set selects, through inline fragments, without __typename. */
function responseNames(set: SelectionSetNode | undefined): string[] {
  const out = new Set<string>();
  for (const s of set?.selections ?? []) {
    if (s.kind === Kind.FIELD && s.name.value !== '__typename') out.add(s.alias?.value ?? s.name.value);
    else if (s.kind === Kind.INLINE_FRAGMENT) for (const n of responseNames(s.selectionSet)) out.add(n);
  }
  return [...out];
}

function unavailable(path?: (string | number)[]): GraphQLError {
  return new GraphQLError(UNAVAILABLE_MESSAGE, { path, extensions: { code: SUBGRAPH_UNAVAILABLE } });
}

/**
 * For a root fetch (`{ a b }`): an error at `a` and at `b`. For an entity fetch (`_entities` with
 * `entities` representations): an error at `_entities.i.field` for each, which @apollo/gateway maps
 * onto the entity's place in the client's response.
 */
export function unavailableFieldErrors(query: string, entities: number | undefined): GraphQLError[] {
  let paths: (string | number)[][] = [];
  try {
    const op = parse(query).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    const roots = op?.kind === Kind.OPERATION_DEFINITION ? op.selectionSet : undefined;
    const entityField = roots?.selections.find((s) => s.kind === Kind.FIELD && s.name.value === '_entities');
    if (entityField?.kind === Kind.FIELD && entities !== undefined) {
      const fields = responseNames(entityField.selectionSet);
      for (let i = 0; i < entities && paths.length <= MAX_ERRORS; i++) for (const f of fields) paths.push(['_entities', i, f]);
    } else {
      paths = responseNames(roots).map((f) => [f]);
    }
  } catch {
    /* not parseable: one error without a path */
  }
  if (paths.length === 0) return [unavailable()];
  const errors = paths.slice(0, MAX_ERRORS).map((p) => unavailable(p));
  if (paths.length > MAX_ERRORS) errors.push(unavailable());
  return errors;
}
