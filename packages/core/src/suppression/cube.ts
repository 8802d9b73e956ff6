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

  constructor(
    readonly spec: CubeSpec,
    facts: readonly FactRow[],
  ) {
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

  /** Cells by level combination ("0.2.1") and then by coordinates. */
  private readonly byCombo = new Map<string, Map<string, Cell>>();

  private upOne(dim: number, level: number, value: string | null): string | null {
    const rollups = this.spec.dimensions[dim]!.rollups ?? [];
    return level < rollups.length ? rollups[level]!.up(value!) : TOTAL;
  }

  /** Adds counts into the cell at (levels, coords) of one combination. */
  private add(combo: Map<string, Cell>, levels: readonly number[], coords: (string | null)[], counts: readonly number[]): void {
    const k = coords.map((c) => c ?? '*').join('\u0001');
    let cell = combo.get(k);
    if (!cell) {
      combo.set(k, (cell = { levels, coords, counts: counts.map(() => 0), suppressed: false, primary: false }));
      this.cells.set(keyOf(levels, coords), cell);
    }
    const sum = cell.counts as number[];
    for (let i = 0; i < counts.length; i++) sum[i]! += counts[i]!;
  }

  /** Finest cells from the facts, then each coarser combination rolled up from one a level finer on one dimension. */
  private build(facts: readonly FactRow[]): void {
    const dims = this.spec.dimensions.length;
    let combos: number[][] = [[]];
    for (let d = 0; d < dims; d++) combos = combos.flatMap((c) => Array.from({ length: this.levelCount(d) }, (_, l) => [...c, l]));
    combos.sort((a, b) => a.reduce((x, y) => x + y, 0) - b.reduce((x, y) => x + y, 0));
    const finest = combos[0]!;
    const base = new Map<string, Cell>();
    this.byCombo.set(finest.join('.'), base);
    for (const f of facts) {
      if (f.coords.length !== dims || f.counts.length !== this.spec.counts.length) throw new Error('fact row does not match the cube');
      this.add(base, finest, [...f.coords], f.counts);
    }
    // The grand total exists even without facts (an answer of "0", not an empty list), when every dimension has a total.
    const top = combos[combos.length - 1]!;
    const hasTotals = this.spec.dimensions.every((d) => d.total !== false);
    for (const levels of combos.slice(1)) {
      const d = levels.findIndex((l) => l > 0);
      const source = this.byCombo.get(levels.map((l, i) => (i === d ? l - 1 : l)).join('.'))!;
      const combo = new Map<string, Cell>();
      this.byCombo.set(levels.join('.'), combo);
      for (const c of source.values())
        this.add(
          combo,
          levels,
          c.coords.map((v, i) => (i === d ? this.upOne(d, levels[d]! - 1, v) : v)),
          c.counts,
        );
    }
    if (hasTotals && combos.length > 1)
      this.add(
        this.byCombo.get(top.join('.'))!,
        top,
        top.map(() => TOTAL),
        this.spec.counts.map(() => 0),
      );
  }

  /** Every additive relation: a cell one level up along one dimension is the sum of its children. */
  private relate(): void {
    const dims = this.spec.dimensions.length;
    const coordKey = (coords: readonly (string | null)[]) => coords.map((c) => c ?? '*').join('\u0001');
    // Fixed orders throughout (combinations and cells sorted by key), so suppression never depends on the order of the facts.
    for (const comboKey of [...this.byCombo.keys()].sort()) {
      const levels = comboKey.split('.').map(Number);
      const cells = [...this.byCombo.get(comboKey)!.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, c]) => c);
      for (let d = 0; d < dims; d++) {
        if (levels[d]! + 1 >= this.levelCount(d)) continue;
        const parents = this.byCombo.get(levels.map((l, i) => (i === d ? l + 1 : l)).join('.'))!;
        const rels = new Map<Cell, Relation>();
        for (const c of cells) {
          const parent = parents.get(coordKey(c.coords.map((v, i) => (i === d ? this.upOne(d, levels[d]!, v) : v))))!;
          let rel = rels.get(parent);
          if (!rel) rels.set(parent, (rel = { parent, children: [] }));
          rel.children.push(c);
        }
        for (const r of rels.values()) this.relations.push(r);
      }
    }
  }

  private isSmall(n: number): boolean {
    return n >= 1 && n < this.spec.threshold;
  }

  private suppress(): void {
    for (const cell of this.cells.values()) {
      if (this.protectedIdx.some((i) => this.isSmall(cell.counts[i]!))) cell.suppressed = cell.primary = true;
    }
    for (const rel of this.relations) for (const c of [rel.parent, ...rel.children]) (this.touching.get(c) ?? this.touching.set(c, []).get(c)!).push(rel);
    this.propagate(this.relations);
  }

  /** Relations by the cells they involve (as total or as child). */
  private readonly touching = new Map<Cell, Relation[]>();

  /** A worklist in a fixed order: the given relations once, then again only those of a cell just hidden. */
  private propagate(start: readonly Relation[]): void {
    const queue: Relation[] = [...start];
    const queued = new Set<Relation>(queue);
    for (let i = 0; i < queue.length; i++) {
      const rel = queue[i]!;
      queued.delete(rel);
      const hid = this.protect(rel);
      if (!hid) continue;
      for (const r of this.touching.get(hid) ?? []) {
        if (!queued.has(r)) {
          queued.add(r);
          queue.push(r);
        }
      }
      if (!queued.has(rel)) {
        queued.add(rel);
        queue.push(rel);
      }
    }
  }

  /**
   * Hides cells another published table also shows (a shared margin hidden there must be hidden here
   * too), then restores this cube's complementary rule. Returns the cells newly hidden.
   */
  hide(cells: readonly Cell[]): Cell[] {
    const newly = cells.filter((c) => !c.suppressed);
    for (const c of newly) c.suppressed = true;
    this.propagate(newly.flatMap((c) => this.touching.get(c) ?? []));
    return newly;
  }

  /** Applies the complementary rule to one relation; returns the cell it hid, if any. */
  private protect({ parent, children }: Relation): Cell | undefined {
    const hidden = children.filter((c) => c.suppressed);
    if (parent.suppressed) {
      if (hidden.length > 0 || children.every((c) => this.protectedIdx.every((i) => c.counts[i] === 0))) return undefined;
      return this.hideSmallest(children, this.protectedIdx[0]!);
    }
    if (hidden.length === 0) return undefined;
    const shown = children.filter((c) => !c.suppressed);
    const weak = this.protectedIdx.find((i) => this.isSmall(parent.counts[i]! - shown.reduce((s, c) => s + c.counts[i]!, 0)));
    if (hidden.length >= 2 && weak === undefined) return undefined;
    const hid = this.hideSmallest(children, weak ?? this.protectedIdx[0]!);
    if (hid) return hid;
    parent.suppressed = true;
    return parent;
  }

  /** Hides the published child with the smallest positive count (then the smallest key); undefined when none is left. */
  private hideSmallest(children: readonly Cell[], countIdx: number): Cell | undefined {
    let best: Cell | undefined;
    for (const c of children) {
      if (c.suppressed || !this.protectedIdx.some((i) => c.counts[i]! > 0)) continue;
      if (
        !best ||
        c.counts[countIdx]! < best.counts[countIdx]! ||
        (c.counts[countIdx] === best.counts[countIdx] && keyOf(c.levels, c.coords) < keyOf(best.levels, best.coords))
      )
        best = c;
    }
    if (best) best.suppressed = true;
    return best;
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
