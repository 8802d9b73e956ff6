// The core's entry-point module itself, not its package index: the subgraph is loaded only after --help and the configuration check.
import { runServiceMain } from '@ipvi/core/src/server/main';

void runServiceMain({ name: 'incidents', consumes: false }, async () => (await import('./server.js')).incidentsService, process.argv.slice(2));
