/**
 * Offender matching by name: a normalized form for exact matches ("Smith, John" = "JOHN  SMITH"),
 * and the likeness tests that flag possible duplicates for a person to review. Never merges.
 */

/** Lower-case letters and digits, accents removed, "Last, First" turned to "First Last". */
export function normalizeName(name: string): string {
  const plain = name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  const comma = plain.indexOf(',');
  const ordered = comma > 0 ? `${plain.slice(comma + 1)} ${plain.slice(0, comma)}` : plain;
  return ordered.replace(/[^a-z0-9]+/g, ' ').trim();
}

/** Edit distance (insert, delete, substitute), bounded: stops early above `max`. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * Whether two normalized names are likely the same person's (used only with the same date of birth):
 * a small spelling difference, first and last name swapped, or the same last name and first initial.
 */
export function similarNames(a: string, b: string): boolean {
  if (a === b) return true;
  if (editDistance(a, b, 2) <= 2) return true;
  const pa = a.split(' ');
  const pb = b.split(' ');
  if (pa.length < 2 || pb.length < 2) return false;
  const [fa, la, fb, lb] = [pa[0]!, pa.at(-1)!, pb[0]!, pb.at(-1)!];
  if (fa === lb && la === fb) return true;
  return la === lb && fa[0] === fb[0];
}
