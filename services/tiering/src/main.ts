// The core's entry-point module itself, not its package index: the subgraph is loaded only after --help and the configuration check,
// with require() (the process runs in the CommonJS loader, scripts/load-ts.js: import() of TypeScript would need tsx's ESM loader).
import { runServiceMain } from '@ipvi/core/src/server/main';
import type * as Server from './server';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load in the CommonJS loader, see above
void runServiceMain({ name: 'tiering', consumes: true }, async () => (require('./server') as typeof Server).tieringService, process.argv.slice(2));
