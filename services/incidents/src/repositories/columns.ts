/**
 * Select lists for the typed raw queries of incidents' repositories, taken from the TypeORM entities:
 * each column is read under its entity property name (`i.agency_ori AS "agencyOri"`), so a row is the
 * entity's shape, camelCase, and a column renamed in an entity changes every query that reads it.
 * A `date` column is read as its YYYY-MM-DD text (the Date scalar's form), as TypeORM hydrates it.
 */
import { getMetadataArgsStorage } from 'typeorm';

type EntityClass<T> = new () => T;

/** The database column of an entity property ("agencyOri" -> "agency_ori"). */
export function columnName<T>(entity: EntityClass<T>, property: keyof T & string): string {
  const column = getMetadataArgsStorage().columns.find((c) => c.target === entity && c.propertyName === property);
  if (!column) throw new Error(`${entity.name} has no column ${property}`);
  return column.options.name ?? property;
}

/** One column of an entity, read under its property name. */
export function column<T>(entity: EntityClass<T>, alias: string, property: keyof T & string): string {
  const meta = getMetadataArgsStorage().columns.find((c) => c.target === entity && c.propertyName === property);
  if (!meta) throw new Error(`${entity.name} has no column ${property}`);
  const name = `${alias}.${meta.options.name ?? property}`;
  return `${meta.options.type === 'date' ? `to_char(${name}, 'YYYY-MM-DD')` : name} AS "${property}"`;
}

/** The select list of an entity's columns: the named properties, or all of them but `except`. */
export function columns<T>(
  entity: EntityClass<T>,
  alias: string,
  which: readonly (keyof T & string)[] | { except: readonly (keyof T & string)[] } = { except: [] },
): string {
  const names = Array.isArray(which)
    ? (which as readonly (keyof T & string)[])
    : getMetadataArgsStorage().columns.flatMap((c) =>
        c.target === entity && !(which as { except: readonly string[] }).except.includes(c.propertyName) ? [c.propertyName as keyof T & string] : [],
      );
  return names.map((p) => column(entity, alias, p)).join(', ');
}
