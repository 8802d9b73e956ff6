/** Suppression across tables that publish the same margins. */
import type { Cell, SuppressedCube } from './cube';

/**
 * Several cubes that share dimensions and differ in one breakdown dimension (e.g. incidents by
 * offense, by arrest, by injury) publish the same margins: the cells at the breakdown's total level.
 * A margin hidden in one must be hidden in all, or one table's margin would undo another's
 * complementary suppression. Repeats until every cube agrees. The breakdown dimension is `dim` in
 * each cube, and the other dimensions are the same, in the same order.
 */
export function linkMargins(cubes: readonly SuppressedCube[], dim: number): void {
  const marginKey = (c: Cell) => JSON.stringify([c.levels.filter((_, i) => i !== dim), c.coords.filter((_, i) => i !== dim)]);
  const margins = cubes.map(
    (cube) =>
      new Map(
        cube
          .all()
          .filter((c) => c.levels[dim] === cube.totalLevel(dim))
          .map((c) => [marginKey(c), c]),
      ),
  );
  for (let changed = true; changed;) {
    changed = false;
    const hidden = new Set<string>();
    for (const m of margins) for (const [k, c] of m) if (c.suppressed) hidden.add(k);
    cubes.forEach((cube, i) => {
      const toHide = [...hidden].map((k) => margins[i]!.get(k)).filter((c): c is Cell => !!c && !c.suppressed);
      if (toHide.length && cube.hide(toHide).length) changed = true;
    });
  }
}
