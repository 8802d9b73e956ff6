/**
 * Data classes declared in the SDL: `@classified(class: X)` on a field, or on a type as the default
 * for the fields declared in that same definition. Every field must end up with a class; a subgraph
 * refuses to start otherwise.
 */
import { Kind, parse, type DirectiveNode, type DocumentNode } from 'graphql';
import { ROLES } from '../identity/principal';
import { DATA_CLASSES, decide, isDataClass, type DataClass } from './policy';

/** SDL every subgraph includes: the directive and the enum of classes. */
export const CLASSIFICATION_SDL = `
"""The data class of a field (or the default for a type's fields): decides who may read or write it, via the hub's one policy."""
directive @classified(class: DataClass!) on FIELD_DEFINITION | OBJECT

"""Data classes of the IPVI Hub; see docs/access-matrix.md for what each role may do with each."""
enum DataClass {
${DATA_CLASSES.map((c) => `  ${c}`).join('\n')}
}
`;

/** "Type.field" -> class. */
export type FieldClasses = ReadonlyMap<string, DataClass>;

function classOf(directives: readonly DirectiveNode[] | undefined): DataClass | undefined {
  const d = directives?.find((x) => x.name.value === 'classified');
  if (!d) return undefined;
  const arg = d.arguments?.find((a) => a.name.value === 'class');
  if (!arg || arg.value.kind !== Kind.ENUM) throw new Error('@classified needs class: <DataClass>');
  if (!isDataClass(arg.value.value)) throw new Error(`unknown data class ${arg.value.value}`);
  return arg.value.value;
}

export class UnclassifiedFieldsError extends Error {
  constructor(readonly fields: string[]) {
    super(`Fields without a data class (declare @classified on the field or its type): ${fields.join(', ')}`);
  }
}

/** Reads the classes of every object field in a subgraph SDL; throws UnclassifiedFieldsError when any is missing. */
export function readFieldClasses(sdl: string | DocumentNode): FieldClasses {
  const doc = typeof sdl === 'string' ? parse(sdl) : sdl;
  const out = new Map<string, DataClass>();
  const missing: string[] = [];
  for (const def of doc.definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const typeDefault = classOf(def.directives);
    for (const field of def.fields ?? []) {
      const key = `${def.name.value}.${field.name.value}`;
      const cls = classOf(field.directives) ?? typeDefault;
      if (cls) out.set(key, cls);
      else missing.push(key);
    }
  }
  if (missing.length) throw new UnclassifiedFieldsError(missing);
  return out;
}

export class DeniableNonNullFieldsError extends Error {
  constructor(readonly fields: string[]) {
    super(`Fields that a denial would wipe out with their siblings (make them nullable): ${fields.join('; ')}`);
  }
}

/**
 * Denied fields resolve to null. A field stricter than its type's default class that is non-null
 * would take its siblings (and, up a non-null chain, the whole answer) with it for a role that may
 * read the type but not the field: such fields must be nullable. Throws DeniableNonNullFieldsError.
 */
export function assertDenialsAreNullable(sdl: string | DocumentNode): void {
  const doc = typeof sdl === 'string' ? parse(sdl) : sdl;
  const problems: string[] = [];
  for (const def of doc.definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const typeDefault = classOf(def.directives);
    if (!typeDefault) continue;
    for (const field of def.fields ?? []) {
      const cls = classOf(field.directives);
      if (!cls || cls === typeDefault || field.type.kind !== Kind.NON_NULL_TYPE) continue;
      const role = ROLES.find((r) => decide([r], typeDefault) === 'allow' && decide([r], cls) !== 'allow');
      if (role) problems.push(`${def.name.value}.${field.name.value} (${cls}; ${role} reads ${typeDefault} but not ${cls})`);
    }
  }
  if (problems.length) throw new DeniableNonNullFieldsError(problems);
}
