import { SuppressedCube, type Cell, type CubeSpec, type FactRow } from './cube';
import { periodDimension } from './periods';
import { selectCells } from './query';

const T = 11;
/** Recidivism-shaped cube: tier x cohort month x agency; counts offenders, reoffended, not reoffended. */
const spec: CubeSpec = {
  dimensions: [{ name: 'tier' }, periodDimension('cohort'), { name: 'agency' }],
  counts: ['offenders', 'reoffended', 'notReoffended'],
  protectedCounts: ['offenders', 'reoffended', 'notReoffended'],
  threshold: T,
};
const fact = (tier: string, month: string, agency: string, offenders: number, reoffended: number): FactRow => ({
  coords: [tier, month, agency],
  counts: [offenders, reoffended, offenders - reoffended],
});
const cellOf = (cells: Cell[], coords: (string | null)[]) => cells.find((c) => c.coords.every((v, i) => v === coords[i]));

/**
 * The attacker: knows every published count and that counts are >= 0, and propagates the additive
 * relations (total = sum of children, along every dimension) to a fixpoint, as one would by
 * subtracting totals, siblings and overlapping queries. Returns the [low, high] it can prove for
 * each suppressed cell's count.
 */
function attack(cube: SuppressedCube, countIdx: number): Map<Cell, [number, number]> {
  const cells = cube.all();
  const bounds = new Map<Cell, [number, number]>(cells.map((c) => [c, c.suppressed ? [0, Infinity] : [c.counts[countIdx]!, c.counts[countIdx]!]]));
  const groups = new Map<string, { parent: Cell; children: Cell[] }>();
  const key = (c: Cell) => `${c.levels.join('.')}|${c.coords.join('/')}`;
  const byKey = new Map(cells.map((c) => [key(c), c]));
  for (const c of cells) {
    c.levels.forEach((l, d) => {
      if (l + 1 >= cube.levelCount(d)) return;
      const rollups = cube.spec.dimensions[d]!.rollups ?? [];
      const levels = c.levels.map((x, i) => (i === d ? x + 1 : x));
      const coords = c.coords.map((v, i) => (i !== d ? v : l < rollups.length ? rollups[l]!.up(v!) : null));
      const parent = byKey.get(`${levels.join('.')}|${coords.join('/')}`)!;
      const g = `${d}:${key(parent)}`;
      if (!groups.has(g)) groups.set(g, { parent, children: [] });
      groups.get(g)!.children.push(c);
    });
  }
  for (let round = 0, changed = true; changed && round < 200; round++) {
    changed = false;
    const tighten = (c: Cell, lo: number, hi: number) => {
      const [a, b] = bounds.get(c)!;
      const n: [number, number] = [Math.max(a, lo), Math.min(b, hi)];
      if (n[0] !== a || n[1] !== b) {
        bounds.set(c, n);
        changed = true;
      }
    };
    for (const { parent, children } of groups.values()) {
      const lo = children.reduce((s, c) => s + bounds.get(c)![0], 0);
      const finiteHi = children.reduce((s, c) => s + (Number.isFinite(bounds.get(c)![1]) ? bounds.get(c)![1] : 0), 0);
      const infinite = children.filter((c) => !Number.isFinite(bounds.get(c)![1])).length;
      tighten(parent, lo, infinite ? Infinity : finiteHi);
      const [plo, phi] = bounds.get(parent)!;
      for (const c of children) {
        const [clo, chi] = bounds.get(c)!;
        const othersInfinite = infinite - (Number.isFinite(chi) ? 0 : 1);
        const othersHi = othersInfinite ? Infinity : finiteHi - (Number.isFinite(chi) ? chi : 0);
        tighten(c, plo - othersHi, phi - (lo - clo));
      }
    }
  }
  return new Map([...bounds].filter(([c]) => c.suppressed));
}

/** Every suppressed cell with a small true count stays ambiguous: no exact value, and the attacker cannot exclude values of threshold or more. */
function expectNothingRecoverable(cube: SuppressedCube): void {
  for (const idx of [0, 1, 2]) {
    for (const [cell, [lo, hi]] of attack(cube, idx)) {
      const v = cell.counts[idx]!;
      expect(lo).toBeLessThanOrEqual(v);
      expect(hi).toBeGreaterThanOrEqual(v);
      if (v >= 1 && v < T) {
        expect({ cell: cell.coords, idx, exact: lo === hi }).toEqual({ cell: cell.coords, idx, exact: false });
        expect({ cell: cell.coords, idx, hiAtLeastThreshold: hi >= T }).toEqual({ cell: cell.coords, idx, hiAtLeastThreshold: true });
      }
    }
  }
}

describe('primary suppression', () => {
  it('hides every count of a cell with 1..threshold-1 people, publishes 0 and threshold', () => {
    const cube = new SuppressedCube(spec, [
      fact('A', '2024-01', 'X', 10, 0),
      fact('B', '2024-01', 'X', 11, 0),
      fact('C', '2024-01', 'X', 40, 0),
      fact('D', '2024-01', 'X', 60, 20),
    ]);
    const byTier = selectCells(cube, { groupBy: [{ dim: 0, level: 0 }] });
    expect(cellOf(byTier, ['A', null, null])).toMatchObject({ suppressed: true, primary: true });
    expect(cellOf(byTier, ['B', null, null])).toMatchObject({ primary: false });
    expect(cellOf(byTier, ['C', null, null])!.counts).toEqual([40, 0, 40]);
    expect(cellOf(byTier, ['D', null, null])).toMatchObject({ suppressed: false, counts: [60, 20, 40] });
  });

  it('hides a cell whose numerator or complement is small even when its denominator is large (the rate attack)', () => {
    const cube = new SuppressedCube(spec, [
      fact('A', '2024-01', 'X', 50, 3),
      fact('B', '2024-01', 'X', 50, 45),
      fact('C', '2024-01', 'X', 50, 25),
      fact('D', '2024-01', 'X', 50, 25),
    ]);
    const byTier = selectCells(cube, { groupBy: [{ dim: 0, level: 0 }] });
    expect(cellOf(byTier, ['A', null, null])!.primary).toBe(true);
    expect(cellOf(byTier, ['B', null, null])!.primary).toBe(true);
    expectNothingRecoverable(cube);
  });

  it('refuses a threshold below 2', () => {
    expect(() => new SuppressedCube({ ...spec, threshold: 1 }, [])).toThrow(/threshold/);
  });
});

describe('complementary suppression', () => {
  it('the total attack: one small tier cannot be had by subtracting the published tiers from the total', () => {
    const cube = new SuppressedCube(spec, [
      fact('A', '2024-01', 'X', 4, 0),
      fact('B', '2024-01', 'X', 30, 0),
      fact('C', '2024-01', 'X', 80, 0),
      fact('D', '2024-01', 'X', 200, 0),
    ]);
    const byTier = selectCells(cube, { groupBy: [{ dim: 0, level: 0 }] });
    const total = selectCells(cube, { groupBy: [] })[0]!;
    expect(total.suppressed).toBe(false);
    expect(byTier.filter((c) => c.suppressed).map((c) => c.coords[0])).toEqual(['A', 'B']);
    expectNothingRecoverable(cube);
  });

  it('the attacker is real: with primary suppression only, the total gives the small tier away exactly', () => {
    const cube = new SuppressedCube(spec, [
      fact('A', '2024-01', 'X', 4, 0),
      fact('B', '2024-01', 'X', 30, 0),
      fact('C', '2024-01', 'X', 80, 0),
      fact('D', '2024-01', 'X', 200, 0),
    ]);
    for (const c of cube.all()) c.suppressed = c.primary;
    const found = [...attack(cube, 0)].filter(([c, [lo, hi]]) => lo === hi && lo === c.counts[0]);
    expect(found.length).toBeGreaterThan(0);
  });

  it('the sibling attack: two small siblings together must hold at least the threshold, else a third is hidden', () => {
    const cube = new SuppressedCube(spec, [
      fact('A', '2024-01', 'X', 2, 0),
      fact('B', '2024-01', 'X', 3, 0),
      fact('C', '2024-01', 'X', 12, 0),
      fact('D', '2024-01', 'X', 200, 0),
    ]);
    const hidden = selectCells(cube, { groupBy: [{ dim: 0, level: 0 }] })
      .filter((c) => c.suppressed)
      .map((c) => c.coords[0]);
    expect(hidden).toEqual(['A', 'B', 'C']);
    expectNothingRecoverable(cube);
  });

  it('a two-way table (tier x quarter x agency) with every margin published leaves no small cell recoverable', () => {
    const facts: FactRow[] = [];
    const months = ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06'];
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    for (const tier of ['D', 'C', 'B', 'A'])
      for (const m of months)
        for (const agency of ['X', 'Y', 'SMALL']) {
          const offenders = agency === 'SMALL' ? rnd(4) : rnd(40);
          facts.push(fact(tier, m, agency, offenders, Math.min(offenders, rnd(8))));
        }
    const cube = new SuppressedCube(spec, facts);
    expect(cube.all().some((c) => c.suppressed && !c.primary)).toBe(true);
    expectNothingRecoverable(cube);
  });

  it('the overlapping-filter attack: a quarter and two of its months cannot isolate the third month', () => {
    const cube = new SuppressedCube(spec, [fact('D', '2024-01', 'X', 40, 12), fact('D', '2024-02', 'X', 45, 15), fact('D', '2024-03', 'X', 3, 1)]);
    const q1 = selectCells(cube, { groupBy: [{ dim: 1, level: 1 }] })[0]!;
    const months = selectCells(cube, {
      groupBy: [{ dim: 1, level: 0 }],
      period: { dim: 1, from: new Date('2024-01-01'), to: new Date('2024-03-01'), field: 'filter.from' },
    });
    expect(months.map((c) => c.coords[1])).toEqual(['2024-01', '2024-02']);
    const shown = months.filter((c) => !c.suppressed).reduce((s, c) => s + c.counts[0]!, 0);
    expect(q1.suppressed || shown !== 40 + 45).toBe(true);
    expectNothingRecoverable(cube);
  });

  it('decides suppression once for the whole cube, so every grouping and filter agrees on each cell', () => {
    const facts = [fact('A', '2024-01', 'X', 5, 1), fact('A', '2024-04', 'Y', 30, 10), fact('C', '2024-02', 'X', 25, 5), fact('D', '2024-05', 'Y', 90, 12)];
    const a = new SuppressedCube(spec, facts);
    const b = new SuppressedCube(spec, [...facts].reverse());
    const sig = (c: SuppressedCube) =>
      c
        .all()
        .map((x) => `${x.levels}|${x.coords}|${x.suppressed}`)
        .sort();
    expect(sig(a)).toEqual(sig(b));
  });
});

describe('selecting cells', () => {
  const cube = new SuppressedCube(spec, [fact('A', '2024-01', 'X', 50, 20), fact('B', '2024-05', 'Y', 50, 20)]);

  it('selects whole periods only and never re-aggregates a date range', () => {
    const q = selectCells(cube, {
      groupBy: [{ dim: 1, level: 1 }],
      period: { dim: 1, from: new Date('2024-01-01'), to: new Date('2024-05-15'), field: 'filter.from' },
    });
    expect(q.map((c) => c.coords[1])).toEqual(['2024-Q1']);
    expect(() => selectCells(cube, { groupBy: [], period: { dim: 1, from: new Date('2024-01-01'), to: undefined, field: 'filter.from' } })).toThrow(
      /needs a period in groupBy/,
    );
  });

  it('groups a filtered dimension at its finest level', () => {
    const q = selectCells(cube, { groupBy: [], values: [{ dim: 2, values: ['Y'] }] });
    expect(q.map((c) => c.coords)).toEqual([[null, null, 'Y']]);
  });
});
