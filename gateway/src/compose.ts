/**
 * `npm run compose`: composes the subgraphs' SDL files into gateway/supergraph.graphql (checked in).
 * `npm run compose -- --check` exits 1 when the checked-in file is stale.
 */
import fs from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { SUPERGRAPH_FILE, subgraphSdls } from './subgraphs';

/** Composes; throws with every composition error. URLs are placeholders: the gateway routes by configuration. */
export function composeSupergraph(): string {
  const result = composeServices(subgraphSdls().map(({ name, sdl }) => ({ name, typeDefs: parse(sdl), url: `http://${name}.invalid/graphql` })));
  if (result.errors) throw new Error(`composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  return `${result.supergraphSdl.trimEnd()}\n`;
}

function main(argv: string[]): void {
  if (argv.includes('--help')) {
    process.stdout.write(
      'Usage: npm run compose [-- --check]\n\nComposes services/*/src/schema.graphql into gateway/supergraph.graphql.\n  --check   do not write; exit 1 if the checked-in supergraph is stale\n',
    );
    return;
  }
  const sdl = composeSupergraph();
  if (argv.includes('--check')) {
    const current = fs.existsSync(SUPERGRAPH_FILE) ? fs.readFileSync(SUPERGRAPH_FILE, 'utf8') : '';
    if (current !== sdl) {
      process.stderr.write('gateway/supergraph.graphql is stale: run `npm run compose`\n');
      process.exit(1);
    }
    process.stdout.write('gateway/supergraph.graphql is current\n');
    return;
  }
  fs.writeFileSync(SUPERGRAPH_FILE, sdl);
  process.stdout.write(`wrote ${SUPERGRAPH_FILE}\n`);
}

if (require.main === module) main(process.argv.slice(2));
