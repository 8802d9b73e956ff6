/**
 * `npm run compose`: composes the subgraphs' SDL files into two supergraphs (both checked in):
 *  - gateway/supergraph.graphql, the partners' graph: every root field and type that only the service
 *    principals may read (the service feeds: incidentEvents, personLinkEvents, clearanceEvents and their
 *    types) is marked `@inaccessible`, so a partner's request for them fails validation like any
 *    unknown field and introspection shows no trace of them;
 *  - gateway/supergraph.services.graphql, the full graph, served only to the service principals
 *    (SERVICE_* roles: the feed consumers).
 * Which classes are "service only" comes from the policy: a data class no human role may read.
 * `npm run compose -- --check` exits 1 when either checked-in file is stale.
 */
import fs from 'node:fs';
import { composeServices } from '@apollo/composition';
import { DATA_CLASSES, HUMAN_ROLES, decide, type DataClass } from '@ipvi/core';
import {
  Kind,
  parse,
  visit,
  type ConstDirectiveNode,
  type DefinitionNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type InputValueDefinitionNode,
  type TypeNode,
} from 'graphql';
import { SERVICES_SUPERGRAPH_FILE, SUPERGRAPH_FILE, subgraphSdls } from './subgraphs';

/** Data classes that no human role may read: what only the service principals see. */
export const SERVICE_ONLY_CLASSES: readonly DataClass[] = DATA_CLASSES.filter((c) => HUMAN_ROLES.every((r) => decide([r], c, 'read') === 'deny'));

const TYPE_KINDS = new Set<Kind>([
  Kind.OBJECT_TYPE_DEFINITION,
  Kind.OBJECT_TYPE_EXTENSION,
  Kind.INTERFACE_TYPE_DEFINITION,
  Kind.INTERFACE_TYPE_EXTENSION,
  Kind.UNION_TYPE_DEFINITION,
  Kind.UNION_TYPE_EXTENSION,
  Kind.ENUM_TYPE_DEFINITION,
  Kind.ENUM_TYPE_EXTENSION,
  Kind.INPUT_OBJECT_TYPE_DEFINITION,
  Kind.INPUT_OBJECT_TYPE_EXTENSION,
  Kind.SCALAR_TYPE_DEFINITION,
  Kind.SCALAR_TYPE_EXTENSION,
]);
const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

function classOf(node: { directives?: readonly ConstDirectiveNode[] }): string | undefined {
  const d = node.directives?.find((x) => x.name.value === 'classified');
  const arg = d?.arguments?.find((a) => a.name.value === 'class');
  return arg && arg.value.kind === Kind.ENUM ? arg.value.value : undefined;
}

const serviceOnly = (node: { directives?: readonly ConstDirectiveNode[] }): boolean =>
  (SERVICE_ONLY_CLASSES as readonly string[]).includes(classOf(node) ?? '');

function namedType(t: TypeNode): string {
  return t.kind === Kind.NAMED_TYPE ? t.name.value : namedType(t.type);
}

type TypeDef = Extract<DefinitionNode, { name: { value: string }; directives?: readonly ConstDirectiveNode[] }> & {
  fields?: readonly (FieldDefinitionNode | InputValueDefinitionNode)[];
  interfaces?: readonly { name: { value: string } }[];
  types?: readonly { name: { value: string } }[];
};

function typeDefs(doc: DocumentNode): TypeDef[] {
  return doc.definitions.filter((d): d is TypeDef => TYPE_KINDS.has(d.kind));
}

/** The type names a definition refers to, leaving out the root fields `skip` names. */
function references(def: TypeDef, skip: (def: TypeDef, field: FieldDefinitionNode | InputValueDefinitionNode) => boolean): string[] {
  const out: string[] = [];
  for (const f of def.fields ?? []) {
    if (skip(def, f)) continue;
    out.push(namedType(f.type));
    if ('arguments' in f) for (const a of f.arguments ?? []) out.push(namedType(a.type));
  }
  for (const i of def.interfaces ?? []) out.push(i.name.value);
  for (const t of def.types ?? []) out.push(t.name.value);
  return out;
}

function closure(seeds: Iterable<string>, refs: Map<string, Set<string>>, stop: (name: string) => boolean = () => false): Set<string> {
  const seen = new Set<string>();
  const todo = [...seeds];
  while (todo.length) {
    const t = todo.pop()!;
    if (seen.has(t) || stop(t)) continue;
    seen.add(t);
    for (const r of refs.get(t) ?? []) todo.push(r);
  }
  return seen;
}

/**
 * What the partners' supergraph hides, over all subgraphs at once (a type name is one type in the
 * supergraph): the service-only root fields (`Query.incidentEvents`, ...) and every type reachable from
 * them that nothing else reaches (the event types, their connections, edges and enums).
 */
export function serviceOnlyParts(docs: readonly DocumentNode[]): { fields: Set<string>; types: Set<string> } {
  const fields = new Set<string>();
  const classedTypes = new Set<string>();
  const all: TypeDef[] = docs.flatMap(typeDefs);
  for (const def of all) {
    if (serviceOnly(def)) classedTypes.add(def.name.value);
    if (ROOT_TYPES.has(def.name.value)) for (const f of def.fields ?? []) if (serviceOnly(f)) fields.add(`${def.name.value}.${f.name.value}`);
  }
  const isHiddenField = (def: TypeDef, f: { name: { value: string } }) => fields.has(`${def.name.value}.${f.name.value}`);
  const everything = new Map<string, Set<string>>();
  const visible = new Map<string, Set<string>>();
  const hiddenRoots: string[] = [...classedTypes];
  for (const def of all) {
    const name = def.name.value;
    for (const r of references(def, () => false)) (everything.get(name) ?? everything.set(name, new Set()).get(name)!).add(r);
    for (const r of references(def, isHiddenField)) (visible.get(name) ?? visible.set(name, new Set()).get(name)!).add(r);
    for (const f of def.fields ?? []) if (isHiddenField(def, f)) hiddenRoots.push(namedType(f.type));
  }
  const entities = all.filter((d) => d.directives?.some((x) => x.name.value === 'key')).map((d) => d.name.value);
  const reachable = closure([...ROOT_TYPES, ...entities], visible, (t) => classedTypes.has(t));
  const types = new Set([...closure(hiddenRoots, everything)].filter((t) => !reachable.has(t)));
  return { fields, types };
}

const INACCESSIBLE: ConstDirectiveNode = { kind: Kind.DIRECTIVE, name: { kind: Kind.NAME, value: 'inaccessible' }, arguments: [] };
const withInaccessible = <N extends { directives?: readonly ConstDirectiveNode[] }>(n: N): N => ({ ...n, directives: [...(n.directives ?? []), INACCESSIBLE] });

/** One subgraph's SDL with the hidden parts marked `@inaccessible` (and the directive imported from the federation spec). */
export function markInaccessible(doc: DocumentNode, hidden: { fields: Set<string>; types: Set<string> }): DocumentNode {
  let parent: string | undefined;
  return visit(doc, {
    Directive(d) {
      if (d.name.value !== 'link') return undefined;
      const url = d.arguments?.find((a) => a.name.value === 'url')?.value;
      if (url?.kind !== Kind.STRING || !url.value.includes('specs.apollo.dev/federation/')) return undefined;
      return {
        ...d,
        arguments: d.arguments?.map((a) =>
          a.name.value === 'import' && a.value.kind === Kind.LIST && !a.value.values.some((v) => v.kind === Kind.STRING && v.value === '@inaccessible')
            ? { ...a, value: { ...a.value, values: [...a.value.values, { kind: Kind.STRING, value: '@inaccessible' }] } }
            : a,
        ),
      };
    },
    enter(node) {
      if ('name' in node && node.name && 'fields' in node) parent = node.name.value;
      return undefined;
    },
    FieldDefinition(f) {
      return parent && hidden.fields.has(`${parent}.${f.name.value}`) ? withInaccessible(f) : undefined;
    },
    leave(node) {
      if (!TYPE_KINDS.has(node.kind) || !('name' in node) || !node.name) return undefined;
      return hidden.types.has(node.name.value) ? withInaccessible(node as { directives?: readonly ConstDirectiveNode[] }) : undefined;
    },
  });
}

function compose(subgraphs: readonly { name: string; typeDefs: DocumentNode }[]): string {
  const result = composeServices(subgraphs.map(({ name, typeDefs }) => ({ name, typeDefs, url: `http://${name}.invalid/graphql` })));
  if (result.errors) throw new Error(`composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  return `${result.supergraphSdl.trimEnd()}\n`;
}

/** Both supergraphs; throws with every composition error. URLs are placeholders: the gateway routes by configuration. */
export function composeSupergraphs(): { partners: string; services: string } {
  const subgraphs = subgraphSdls().map(({ name, sdl }) => ({ name, typeDefs: parse(sdl) }));
  const hidden = serviceOnlyParts(subgraphs.map((s) => s.typeDefs));
  return {
    partners: compose(subgraphs.map((s) => ({ name: s.name, typeDefs: markInaccessible(s.typeDefs, hidden) }))),
    services: compose(subgraphs),
  };
}

/** The partners' supergraph (gateway/supergraph.graphql). */
export function composeSupergraph(): string {
  return composeSupergraphs().partners;
}

function main(argv: string[]): void {
  if (argv.includes('--help')) {
    process.stdout.write(
      'Usage: npm run compose [-- --check]\n\nComposes services/*/src/schema.graphql into gateway/supergraph.graphql (partners: the service feeds\n@inaccessible) and gateway/supergraph.services.graphql (the full graph, for the service principals).\n  --check   do not write; exit 1 if a checked-in supergraph is stale\n',
    );
    return;
  }
  const { partners, services } = composeSupergraphs();
  const files: [string, string][] = [
    [SUPERGRAPH_FILE, partners],
    [SERVICES_SUPERGRAPH_FILE, services],
  ];
  if (argv.includes('--check')) {
    const stale = files.filter(([file, sdl]) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '') !== sdl);
    for (const [file] of stale) process.stderr.write(`${file} is stale: run \`npm run compose\`\n`);
    if (stale.length) process.exit(1);
    process.stdout.write('both supergraphs are current\n');
    return;
  }
  for (const [file, sdl] of files) {
    fs.writeFileSync(file, sdl);
    process.stdout.write(`wrote ${file}\n`);
  }
}

if (require.main === module) main(process.argv.slice(2));
