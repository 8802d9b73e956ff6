/**
 * Fields rendered for one item at a time (issue 10 and 12: a letter's PDF is never rendered for a
 * list). A validation rule, run before any planning: a selection of such a field anywhere below a
 * list (a connection's edges, a list of entities) is refused with BAD_USER_INPUT naming the field, so
 * one request never renders a PDF per item. Fragments are followed where they are spread.
 */
import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import { ErrorCode, InputError } from '@ipvi/core/src/errors';

/** `Type.field` coordinates answered for a single item only, with how to ask for one. */
export const SINGLE_ITEM_FIELDS: Readonly<Record<string, string>> = {
  'NotificationLetter.pdfBase64': 'is rendered for one notification at a time: ask for letter { pdfBase64 } under notification(id:), not inside a list',
};

/** True when the output type is a list at its outermost level (after non-null). */
function isList(type: GraphQLOutputType): boolean {
  return isListType(getNullableType(type));
}

/** The coordinates of single-item fields selected below a list in the set (fragments expanded once per path). */
export function singleItemsInLists(
  parent: GraphQLNamedType | undefined,
  set: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  schemaType: (name: string) => GraphQLNamedType | undefined,
  inList = false,
  spreading: ReadonlySet<string> = new Set(),
  found: Set<string> = new Set(),
): Set<string> {
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (!parent || !(isObjectType(parent) || isInterfaceType(parent))) continue;
      const def = parent.getFields()[sel.name.value];
      if (!def) continue; // GraphQL's own rules refuse an unknown field
      const at = `${parent.name}.${def.name}`;
      if (inList && SINGLE_ITEM_FIELDS[at]) found.add(at);
      if (sel.selectionSet) singleItemsInLists(getNamedType(def.type), sel.selectionSet, fragments, schemaType, inList || isList(def.type), spreading, found);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      const cond = sel.typeCondition ? schemaType(sel.typeCondition.name.value) : parent;
      singleItemsInLists(cond, sel.selectionSet, fragments, schemaType, inList, spreading, found);
    } else {
      const frag = fragments.get(sel.name.value);
      if (!frag || spreading.has(frag.name.value)) continue;
      singleItemsInLists(
        schemaType(frag.typeCondition.name.value),
        frag.selectionSet,
        fragments,
        schemaType,
        inList,
        new Set([...spreading, frag.name.value]),
        found,
      );
    }
  }
  return found;
}

/** The validation rule: one BAD_USER_INPUT per single-item field an operation selects inside a list. */
export function singleItemRule(context: ValidationContext): ASTVisitor {
  return {
    Document(doc) {
      const schema = context.getSchema();
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
      for (const d of doc.definitions) {
        if (d.kind !== Kind.OPERATION_DEFINITION) continue;
        const root = schema.getRootType(d.operation) ?? undefined;
        for (const at of singleItemsInLists(root, d.selectionSet, fragments, (n) => schema.getType(n) ?? undefined)) {
          context.reportError(
            new GraphQLError(`${at}: ${SINGLE_ITEM_FIELDS[at]!}`, {
              nodes: [d],
              originalError: new InputError(at, SINGLE_ITEM_FIELDS[at]!),
              extensions: { code: ErrorCode.BAD_USER_INPUT, field: at, http: { status: 400 } },
            }),
          );
        }
      }
      return false;
    },
  };
}
