/** Seeded draws for the demo history, keyed by what they are about: the same draws whatever the processing order. */
import { createHash } from 'node:crypto';
import { seededRandom } from '@ipvi/core';

export function keyedRandom(key: string): () => number {
  return seededRandom(createHash('sha1').update(`ipvi-demo-history:${key}`).digest().readUInt32BE(0));
}
