// The core's entry-point module itself, not its package index: the subgraph is loaded only after --help and the configuration check.
import { runServiceMain } from '@ipvi/core/src/server/main';

void runServiceMain({ name: 'tiering', consumes: true }, async () => (await import('./server.js')).tieringService, process.argv.slice(2));
