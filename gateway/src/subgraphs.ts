/** The one list of subgraphs the gateway composes and routes to. */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { SERVICE_NAMES, type ServiceName } from '@ipvi/core/src/config';
import type * as Subgraph from '@ipvi/core/src/server/subgraph';

/** The subgraph module (Apollo's subgraph library, the policy shield, the audit store) is loaded only to compose, not to serve. */
const load = createRequire(__filename);

const ROOT = path.resolve(__dirname, '..', '..');

/** The partners' supergraph: the service feeds are @inaccessible (see compose.ts). */
export const SUPERGRAPH_FILE = path.join(ROOT, 'gateway', 'supergraph.graphql');
/** The full supergraph, served to the service principals (SERVICE_* roles) only. */
export const SERVICES_SUPERGRAPH_FILE = path.join(ROOT, 'gateway', 'supergraph.services.graphql');

export function sdlFileOf(name: ServiceName): string {
  return path.join(ROOT, 'services', name, 'src', 'schema.graphql');
}

/** Each subgraph's served SDL (its own file plus the shared audit and classification SDL). */
export function subgraphSdls(): { name: ServiceName; sdl: string }[] {
  const { subgraphSdl } = load('@ipvi/core/src/server/subgraph') as typeof Subgraph;
  return SERVICE_NAMES.map((name) => ({ name, sdl: subgraphSdl(name, fs.readFileSync(sdlFileOf(name), 'utf8')) }));
}
