/**
 * @apollo/gateway converts the client's operation into its own `Operation` on every request
 * (executeQueryPlan calls operationFromDocument with validate: false), even when the query plan
 * comes from its cache: the profile of the benchmark's entity query put about a tenth of the
 * gateway's CPU there. The conversion depends only on the schema and the operation's AST, and the
 * result is only read (result shaping), so it is memoised here per schema and per operation node:
 * Apollo Server's parsed-document cache hands the same node to every request of one query string.
 * Weak maps: nothing outlives its schema or document. Planning (validate left on) is not touched,
 * and only the API schemas registered here (our gateway's) are memoised: any other gateway in the
 * process (the benchmark's plain one) converts as before.
 */
import { createRequire } from 'node:module';
import { Kind, type DefinitionNode, type DocumentNode } from 'graphql';

type FromDocument = (schema: object, document: DocumentNode, options?: { validate?: boolean; operationName?: string }) => unknown;

const load = createRequire(__filename);
let installed = false;
const registered = new WeakSet<object>();

/** Memoises the conversion for this API schema (the federation Schema a gateway executes against). */
export function memoiseOperationConversion(apiSchema: object): void {
  registered.add(apiSchema);
  if (installed) return;
  installed = true;
  // The module whose export executeQueryPlan reads at each call (through the package index's getter).
  const operations = load('@apollo/federation-internals/dist/operations') as { operationFromDocument: FromDocument };
  const original = operations.operationFromDocument;
  const memo = new WeakMap<object, WeakMap<DefinitionNode, { rest: readonly DefinitionNode[]; operation: unknown }>>();
  operations.operationFromDocument = (schema, document, options) => {
    const [first, ...rest] = document.definitions;
    if (options?.validate !== false || !registered.has(schema) || !first || first.kind !== Kind.OPERATION_DEFINITION)
      return original(schema, document, options);
    let bySchema = memo.get(schema);
    if (!bySchema) memo.set(schema, (bySchema = new WeakMap()));
    const hit = bySchema.get(first);
    if (hit && hit.rest.length === rest.length && hit.rest.every((d, i) => d === rest[i])) return hit.operation;
    const operation = original(schema, document, options);
    bySchema.set(first, { rest, operation });
    return operation;
  };
}
