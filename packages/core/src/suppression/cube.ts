/**
 * Small-cell suppression for analysts' aggregates (docs/measures.md, "Suppression").
 *
 * A measure is computed once as a cube: every dimension at every level (finest values, their
 * roll-ups, and the all-values total), built from the finest fact rows. Suppression is decided on
 * that whole cube, and a query only ever reads cells out of it. So every answer, whatever its
 * grouping or filter, is a subset of one published table, and two queries cannot show a cell that
 * one hides and the other lets an analyst derive.
 *
 * - Primary: a cell with any protected count in 1..threshold-1 is suppressed whole (every count,
 *   and any rate or statistic computed from it). Zero is published.
 * - Complementary: each total equals the sum of its children along one dimension. For every such
 *   relation, when the total is published and some children are hidden, at least two children must
 *   be hidden and the hidden children together must hold 0 or at least `threshold` of every
 *   protected count (so neither an exact value nor a narrow range can be recovered by subtraction);
 *   when the total is hidden, at least one child must be hidden too. The smallest published child
 *   (deterministic tie-break) is hidden until this holds, or the total itself when no child is
 *   left. This repeats until no relation changes.
 */

export interface DimensionLevel {
  readonly name: string;
  /** Maps a value of the previous (finer) level to this level's value. */
  readonly up: (finer: string) => string;
}

export interface DimensionSpec {
  readonly name: string;
  /** Coarser levels above the finest value, finest first (e.g. month -> quarter -> year). */
  readonly rollups?: readonly DimensionLevel[];
  /** Whether the dimension has an all-values total (stocks over time, e.g. snapshots, have none). Default true. */
  readonly total?: boolean;
}

export interface CubeSpec {
  readonly dimensions: readonly DimensionSpec[];
  /** Names of the additive counts of every fact row, in order. */
  readonly counts: readonly string[];
  /** The counts that identify people: a value of 1..threshold-1 in any of them suppresses the cell. */
  readonly protectedCounts: readonly string[];
  readonly threshold: number;
}

export interface FactRow {
  /** The finest value of each dimension, in the spec's order. */
  readonly coords: readonly string[];
  readonly counts: readonly number[];
}

export interface Cell {
  /** Level per dimension: 0 = finest, 1.. = roll-ups, last = total. */
  readonly levels: readonly number[];
  /** Value per dimension at its level; null at the total level. */
  readonly coords: readonly (string | null)[];
  readonly counts: readonly number[];
  suppressed: boolean;
  /** Suppressed for its own small count (rather than to protect another cell). */
  primary: boolean;
}

export const TOTAL = null;

interface Relation {
  readonly parent: Cell;
  readonly children: Cell[];
}

const keyOf = (levels: readonly number[], coords: readonly (string | null)[]) => `${levels.join('.')}|${coords.map((c) => c ?? '*').join('\u0001')}`;

export class SuppressedCube {
  private readonly cells = new Map<string, Cell>();
  private readonly relations: Relation[] = [];
  private readonly protectedIdx: number[];

  constructor(readonly spec: CubeSpec, facts: readonly FactRow[]) {
    if (!Number.isInteger(spec.threshold) || spec.threshold < 2) throw new Error('threshold must be an integer of at least 2');
    this.protectedIdx = spec.protectedCounts.map((n) => {
      const i = spec.counts.indexOf(n);
      if (i < 0) throw new Error(`protected count ${n} is not a count`);
      return i;
    });
    this.build(facts);
    this.relate();
    this.suppress();
  }

  /** Number of levels of a dimension (finest + roll-ups + total). */
  levelCount(dim: number): number {
    const d = this.spec.dimensions[dim]!;
    return 1 + (d.rollups?.length ?? 0) + (d.total === false ? 0 : 1);
  }

  private valueAt(dim: number, finest: string, level: number): string | null {
    const d = this.spec.dimensions[dim]!;
    const rollups = d.rollups ?? [];
    if (level > rollups.length) return TOTAL;
    let v = finest;
    for (let i = 0; i < level; i++) v = rollups[i]!.up(v);
    return v;
  }

  private build(facts: readonly FactRow[]): void {
    const dims = this.spec.dimensions.length;
    const combos: number[][] = [[]];
    for (let d = 0; d < dims; d++) {
      const next: number[][] = [];
      for (const c of combos) for (let l = 0; l < this.levelCount(d); l++) next.push([...c, l]);
      combos.splice(0, combos.length, ...next);
    }
    for (const f of facts) {
      if (f.coords.length !== dims || f.counts.length !== this.spec.counts.length) throw new Error('fact row does not match the cube');
      for (const levels of combos) {
        const coords = levels.map((l, d) => this.valueAt(d, f.coords[d]!, l));
        const key = keyOf(levels, coords);
        let cell = this.cells.get(key);
        if (!cell) this.cells.set(key, (cell = { levels, coords, counts: f.counts.map(() => 0), suppressed: false, primary: false }));
        const counts = cell.counts as number[];
        f.counts.forEach((n, i) => (counts[i]! += n));
      }
    }
  }

  /** Every additive relation: a cell one level up along one dimension is the sum of its children. */
  private relate(): void {
    const byParent = new Map<string, Relation>();
    for (const cell of this.cells.values()) {
      cell.levels.forEach((level, d) => {
        if (level + 1 >= this.levelCount(d)) return;
        const levels = cell.levels.map((l, i) => (i === d ? l + 1 : l));
        const rollups = this.spec.dimensions[d]!.rollups ?? [];
        const coords = cell.coords.map((c, i) => (i !== d ? c : level < rollups.length ? rollups[level]!.up(c!) : TOTAL));
        const pk = `${d}#${keyOf(levels, coords)}`;
        let rel = byParent.get(pk);
        if (!rel) byParent.set(pk, (rel = { parent: this.cells.get(keyOf(levels, coords))!, children: [] }));
        rel.children.push(cell);
      });
    }
    // A stable order (by parent key), so suppression does not depend on the order of the fact rows.
    this.relations.push(...[...byParent.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r));
  }

  private isSmall(n: number): boolean {
    return n >= 1 && n < this.spec.threshold;
  }

  private suppress(): void {
    for (const cell of this.cells.values()) {
      if (this.protectedIdx.some((i) => this.isSmall(cell.counts[i]!))) cell.suppressed = cell.primary = true;
    }
    let changed = true;
    while (changed) {
      changed = false;
      for (const rel of this.relations) if (this.protect(rel)) changed = true;
    }
  }

  /** Applies the complementary rule to one relation; true when it hid one more cell. */
  private protect({ parent, children }: Relation): boolean {
    const hidden = children.filter((c) => c.suppressed);
    if (parent.suppressed) {
      if (hidden.length > 0 || children.every((c) => this.protectedIdx.every((i) => c.counts[i] === 0))) return false;
      return this.hideSmallest(children, this.protectedIdx[0]!) ?? false;
    }
    if (hidden.length === 0) return false;
    const shown = children.filter((c) => !c.suppressed);
    const weak = this.protectedIdx.find((i) => this.isSmall(parent.counts[i]! - shown.reduce((s, c) => s + c.counts[i]!, 0)));
    if (hidden.length >= 2 && weak === undefined) return false;
    const hid = this.hideSmallest(children, weak ?? this.protectedIdx[0]!);
    if (hid) return true;
    parent.suppressed = true;
    return true;
  }

  /** Hides the published child with the smallest positive count (then the smallest key); undefined when none is left. */
  private hideSmallest(children: readonly Cell[], countIdx: number): true | undefined {
    let best: Cell | undefined;
    for (const c of children) {
      if (c.suppressed || !this.protectedIdx.some((i) => c.counts[i]! > 0)) continue;
      if (!best || c.counts[countIdx]! < best.counts[countIdx]! || (c.counts[countIdx] === best.counts[countIdx] && keyOf(c.levels, c.coords) < keyOf(best.levels, best.coords))) best = c;
    }
    if (!best) return undefined;
    best.suppressed = true;
    return true;
  }

  /** The cells at one level per dimension, in a stable order. */
  select(levels: readonly number[], keep: (cell: Cell) => boolean = () => true): Cell[] {
    const out: Cell[] = [];
    for (const cell of this.cells.values()) if (cell.levels.every((l, i) => l === levels[i]) && keep(cell)) out.push(cell);
    return out.sort((a, b) => (keyOf(a.levels, a.coords) < keyOf(b.levels, b.coords) ? -1 : 1));
  }

  /** One cell by its levels and coordinates (undefined when no fact fell in it: its counts are 0). */
  get(levels: readonly number[], coords: readonly (string | null)[]): Cell | undefined {
    return this.cells.get(keyOf(levels, coords));
  }

  /** The total level of a dimension (its last level), for building `levels` arguments. */
  totalLevel(dim: number): number {
    return this.levelCount(dim) - 1;
  }

  /** Every cell (tests audit the whole published table). */
  all(): Cell[] {
    return [...this.cells.values()];
  }
}

/** A count as published: null when its cell is suppressed. */
export function published(cell: Cell, countIdx: number): number | null {
  return cell.suppressed ? null : cell.counts[countIdx]!;
}

/** A lone count outside any cube (e.g. a report's excluded total): null when 1..threshold-1. */
export function suppressSmall(n: number, threshold: number): number | null {
  return n >= 1 && n < threshold ? null : n;
}
