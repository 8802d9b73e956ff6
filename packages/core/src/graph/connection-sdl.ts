/**
 * Relay connection types, written once: `connectionSdl(["Referral", ...])` emits
 * `ReferralConnection { edges pageInfo totalCount }`, `ReferralEdge { cursor node }` and (once per
 * subgraph) the @shareable `PageInfo`, all classified PUBLIC_OPERATIONAL (they hold counts and
 * cursors; the list field and the node type carry the data's class). `withConnections(sdl)` adds
 * them to a subgraph's SDL for every `XConnection` it uses but does not define, at schema-build
 * time (core's subgraphSdl: the server, composition, the access matrix and the code generator all
 * see the same SDL). PageInfo's fields live only here, so a change reaches every subgraph at once.
 */
import { Kind, parse, visit, type DocumentNode } from 'graphql';

/** The fields of PageInfo (every subgraph must declare the same @shareable value type). */
export const PAGE_INFO_FIELDS = `
  """Whether another page follows."""
  hasNextPage: Boolean!
  """
  Whether items precede this page: false on the first page (no \`after\`); with \`after\`, true
  exactly when at least one item of the list, as filtered now, sorts at or before that cursor.
  """
  hasPreviousPage: Boolean!
  """Cursor of the first edge of this page (null when the page is empty)."""
  startCursor: String
  """Cursor of the last edge of this page (null when the page is empty): pass it as \`after\` to continue."""
  endCursor: String`;

export function pageInfoSdl(shareable = '@shareable'): string {
  return `
"""Relay page information."""
type PageInfo ${shareable} @classified(class: PUBLIC_OPERATIONAL) {${PAGE_INFO_FIELDS}
}
`;
}

/** The Connection and Edge types of each node type, plus PageInfo when `pageInfo` is set. */
export function connectionSdl(nodeTypes: readonly string[], opts: { pageInfo?: boolean; shareable?: string } = {}): string {
  const types = nodeTypes.map(
    (node) => `
"""A page of ${node} items."""
type ${node}Connection @classified(class: PUBLIC_OPERATIONAL) {
  """The items of this page, with their cursors."""
  edges: [${node}Edge!]!
  """Where this page ends: pass endCursor as \`after\` to continue."""
  pageInfo: PageInfo!
  """How many items match in all."""
  totalCount: Int!
}

"""A ${node} and its cursor."""
type ${node}Edge @classified(class: PUBLIC_OPERATIONAL) {
  """Opaque cursor to continue after this item."""
  cursor: String!
  """The item."""
  node: ${node}!
}
`,
  );
  return `${types.join('')}${opts.pageInfo ? pageInfoSdl(opts.shareable) : ''}`;
}

function definedTypes(doc: DocumentNode): Set<string> {
  const names = new Set<string>();
  for (const d of doc.definitions) if ('name' in d && d.name && d.kind !== Kind.DIRECTIVE_DEFINITION) names.add(d.name.value);
  return names;
}

/** The name the SDL imports federation's @shareable as (`@link(... import: ["@shareable"])`, or renamed with `as`). */
function shareableName(sdl: string): string {
  const renamed = /\{\s*name:\s*"@shareable"\s*,\s*as:\s*"@(\w+)"\s*\}/.exec(sdl);
  return `@${renamed?.[1] ?? 'shareable'}`;
}

/**
 * The subgraph's SDL with the Connection/Edge types it uses but does not define, and the one PageInfo:
 * a hand-written PageInfo is replaced by this module's (every subgraph must declare the same fields,
 * so one that lagged behind would break composition).
 */
export function withConnections(sdl: string): string {
  let doc = parse(sdl);
  const ownPageInfo = doc.definitions.find((d) => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'PageInfo');
  if (ownPageInfo?.loc) {
    sdl = `${sdl.slice(0, ownPageInfo.loc.start)}${sdl.slice(ownPageInfo.loc.end)}`;
    doc = parse(sdl);
  }
  const defined = definedTypes(doc);
  const wanted = new Set<string>();
  let usesPageInfo = !!ownPageInfo;
  visit(doc, {
    NamedType(n) {
      const name = n.name.value;
      if (name === 'PageInfo') usesPageInfo = true;
      if (name.endsWith('Connection') && !defined.has(name) && defined.has(name.slice(0, -'Connection'.length)))
        wanted.add(name.slice(0, -'Connection'.length));
    },
  });
  if (wanted.size === 0 && !usesPageInfo) return sdl;
  return `${sdl}
${connectionSdl([...wanted].sort(), { pageInfo: true, shareable: shareableName(sdl) })}`;
}
