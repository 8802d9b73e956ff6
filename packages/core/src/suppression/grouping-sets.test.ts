import { SuppressedCube, type FactRow } from './cube';
import { linkMargins } from './link';
import { cellKey, groupingKey, groupingSets } from './grouping-sets';
import { periodDimension } from './periods';

describe('grouping sets for non-additive statistics', () => {
  it('covers every level combination, the totals included', () => {
    expect(groupingSets([['tier'], ['m', 'q']])).toBe('GROUPING SETS ((tier, m), (tier, q), (tier), (m), (q), ())');
  });

  it('reads a row back to the cube cell it belongs to', () => {
    const dims = [['tier'], ['m', 'q', 'y']] as const;
    expect(groupingKey(dims, { tier: null, g_tier: 1, m: null, g_m: 1, q: '2024-Q1', g_q: 0, y: null, g_y: 1 })).toBe(cellKey([1, 1], [null, '2024-Q1']));
    expect(groupingKey(dims, { tier: 'D', g_tier: 0, m: '2024-01', g_m: 0, q: null, g_q: 1, y: null, g_y: 1 })).toBe(cellKey([0, 0], ['D', '2024-01']));
  });
});

describe('linked margins', () => {
  it('withholds a shared margin in every breakdown once one breakdown withholds it', () => {
    const spec = (name: string) => ({ dimensions: [periodDimension('period'), { name }], counts: ['n'], protectedCounts: ['n'], threshold: 11 });
    const facts = (values: [string, string, number][]): FactRow[] => values.map(([p, v, n]) => ({ coords: [p, v], counts: [n] }));
    const byArrest = new SuppressedCube(
      spec('arrest'),
      facts([
        ['2024-01', 'Y', 30],
        ['2024-01', 'N', 20],
        ['2024-02', 'Y', 25],
        ['2024-02', 'N', 15],
      ]),
    );
    const byInjury = new SuppressedCube(
      spec('injury'),
      facts([
        ['2024-01', 'I', 30],
        ['2024-01', 'N', 20],
        ['2024-02', 'I', 25],
        ['2024-02', 'N', 15],
      ]),
    );
    const januaryTotal = (c: SuppressedCube) => c.get([0, 1], ['2024-01', null])!;
    byArrest.hide([januaryTotal(byArrest)]);
    expect(januaryTotal(byInjury).suppressed).toBe(false);
    linkMargins([byArrest, byInjury], 1);
    expect(januaryTotal(byInjury).suppressed).toBe(true);
    // and the complementary rule ran again in the other table: February's total is withheld with January's
    expect(byInjury.get([0, 1], ['2024-02', null])!.suppressed).toBe(true);
  });
});
