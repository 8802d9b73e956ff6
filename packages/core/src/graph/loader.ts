/** DataLoader helpers: results in key order, `null` (or []) for a missing key. */
import DataLoader from 'dataloader';

/** One row per key: batch fetches rows, `keyOf` says which key a row answers. */
export function rowLoader<K extends string, V>(fetch: (keys: readonly K[]) => Promise<V[]>, keyOf: (row: V) => K): DataLoader<K, V | null> {
  return new DataLoader<K, V | null>(async (keys) => {
    const rows = await fetch(keys);
    const byKey = new Map<K, V>();
    for (const r of rows) byKey.set(keyOf(r), r);
    return keys.map((k) => byKey.get(k) ?? null);
  });
}

/** Many rows per key (a child list). */
export function listLoader<K extends string, V>(fetch: (keys: readonly K[]) => Promise<V[]>, keyOf: (row: V) => K): DataLoader<K, V[]> {
  return new DataLoader<K, V[]>(async (keys) => {
    const rows = await fetch(keys);
    const byKey = new Map<K, V[]>();
    for (const r of rows) {
      const k = keyOf(r);
      let list = byKey.get(k);
      if (!list) byKey.set(k, (list = []));
      list.push(r);
    }
    return keys.map((k) => byKey.get(k) ?? []);
  });
}
