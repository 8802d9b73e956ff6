/** Small-cell suppression for analysts' aggregates: the cube, its periods, and the query rules. */
export * from './cube';
export * from './link';
export * from './periods';
export * from './query';
export * from './grouping-sets';
export * from './measure';
