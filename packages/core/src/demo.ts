/** Deterministic demo data helpers: stable ids and a seeded random generator, so every seed run agrees. */
import { createHash } from 'node:crypto';

/** A stable UUID (v5 layout) for the n-th demo thing of a kind; every subgraph computes the same one. */
export function demoUuid(kind: string, n: number): string {
  const h = createHash('sha1').update(`ipvi-demo:${kind}:${n}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** mulberry32: small, fast, deterministic. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
