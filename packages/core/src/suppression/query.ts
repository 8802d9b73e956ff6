/**
 * Reading an answer out of a suppressed cube: a grouping picks one level per dimension, filters only
 * pick cells of that level. Nothing is re-aggregated after suppression, so every answer is a subset
 * of the same published table (docs/measures.md, "Suppression").
 */
import { Problems } from '../validation/collect';
import type { Cell, SuppressedCube } from './cube';
import { periodWithin } from './periods';

/** One grouping option: a dimension at one of its levels. */
export interface Grouping {
  readonly dim: number;
  readonly level: number;
}

/** Keep only cells whose value on a dimension is listed (the dimension is grouped at its finest level when the grouping leaves it out). */
export interface ValueFilter {
  readonly dim: number;
  readonly values: readonly string[] | undefined | null;
}

/** Keep only cells whose whole period lies in [from, to); the period dimension must be grouped. */
export interface PeriodFilter {
  readonly dim: number;
  readonly from: Date | undefined | null;
  readonly to: Date | undefined | null;
  /** Input path of `from`, for BAD_USER_INPUT. */
  readonly field: string;
}

export interface CellQuery {
  readonly groupBy: readonly Grouping[];
  readonly values?: readonly ValueFilter[];
  readonly period?: PeriodFilter;
}

/**
 * The cells answering a query, or BAD_USER_INPUT naming each argument at fault, all in one answer: together with the
 * problems the caller found in its other arguments when it passes them (`problems`, e.g. its agency filter).
 */
export function selectCells(cube: SuppressedCube, q: CellQuery, problems = new Problems('')): Cell[] {
  const dims = cube.spec.dimensions.length;
  const levels = Array.from({ length: dims }, (_, d) => cube.totalLevel(d));
  const grouped = new Set<number>();
  for (const g of q.groupBy) {
    if (grouped.has(g.dim)) problems.add('groupBy', `groups ${cube.spec.dimensions[g.dim]!.name} twice; choose one level`);
    grouped.add(g.dim);
    levels[g.dim] = g.level;
  }
  const filters = (q.values ?? []).filter((f) => f.values && f.values.length > 0);
  for (const f of filters) if (!grouped.has(f.dim)) levels[f.dim] = 0;
  const p = q.period;
  const from = p?.from ?? undefined;
  const to = p?.to ?? undefined;
  if (p && (from || to)) {
    problems.check(
      grouped.has(p.dim) && levels[p.dim] !== cube.totalLevel(p.dim),
      p.field,
      'a date range needs a period in groupBy (filters select whole published periods; they never re-aggregate)',
    );
    problems.check(!(from && to && from >= to), p.field, 'must be before the end of the range');
  }
  problems.throwIfAny();
  return cube.select(
    levels,
    (cell) =>
      filters.every((f) => f.values!.includes(cell.coords[f.dim] as string)) && (!p || (!from && !to) || periodWithin(cell.coords[p.dim] as string, from, to)),
  );
}
