/**
 * Non-additive statistics (medians, percentiles) cannot be rolled up from finer cells, so SQL
 * computes them at every level of a cube at once with GROUPING SETS; these helpers write the
 * grouping sets and read each row back to the cube cell it belongs to (same levels, same coords).
 */

/** A dimension as SQL columns: its levels, finest first (e.g. ["m", "q", "y"]); the all-values total is implied. */
export type SqlDimension = readonly string[];

/** The GROUPING SETS clause covering every level combination of the dimensions. */
export function groupingSets(dims: readonly SqlDimension[]): string {
  let sets: string[][] = [[]];
  for (const levels of dims) sets = sets.flatMap((s) => [...levels.map((col) => [...s, col]), s]);
  return `GROUPING SETS (${sets.map((s) => `(${s.join(', ')})`).join(', ')})`;
}

/** The select list: every level column and its GROUPING() flag as "g_<column>". */
export function groupingColumns(dims: readonly SqlDimension[]): string {
  return dims
    .flat()
    .map((c) => `${c}, GROUPING(${c}) AS g_${c}`)
    .join(', ');
}

/** The cube key (levels and coords, as SuppressedCube uses them) of a GROUPING SETS row. */
export function groupingKey(dims: readonly SqlDimension[], row: Record<string, unknown>): string {
  const levels: number[] = [];
  const coords: (string | null)[] = [];
  for (const cols of dims) {
    const level = cols.findIndex((c) => Number(row[`g_${c}`]) === 0);
    levels.push(level < 0 ? cols.length : level);
    coords.push(level < 0 ? null : String(row[cols[level]!]));
  }
  return cellKey(levels, coords);
}

/** The same key for a cube cell. */
export function cellKey(levels: readonly number[], coords: readonly (string | null)[]): string {
  return JSON.stringify([levels, coords]);
}
