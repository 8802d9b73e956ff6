/**
 * `npm run access-matrix`: writes docs/access-matrix.md from the subgraphs' SDL classes and the policy.
 * `npm run access-matrix -- --check` writes nothing and exits 1 when the committed file is stale.
 */
import fs from 'node:fs';
import path from 'node:path';
import { renderAccessMatrix } from '@ipvi/core';
import { subgraphSdls } from '../gateway/src/subgraphs';

export const ACCESS_MATRIX_FILE = path.resolve(__dirname, '..', 'docs', 'access-matrix.md');

const HELP = `Usage: npm run access-matrix [-- --check]

Writes docs/access-matrix.md: every field of every subgraph by role (allow / deny / with consent),
and the row scope of every role on every resource, from the SDL classes and the policy.
  --check   write nothing; exit 1 when docs/access-matrix.md is stale
`;

function main(argv: string[]): void {
  if (argv.includes('--help') || argv.includes('-h')) return void process.stdout.write(HELP);
  const text = renderAccessMatrix(subgraphSdls());
  if (argv.includes('--check')) {
    const current = fs.existsSync(ACCESS_MATRIX_FILE) ? fs.readFileSync(ACCESS_MATRIX_FILE, 'utf8') : '';
    if (current !== text) {
      process.stderr.write('docs/access-matrix.md is stale: run `npm run access-matrix`\n');
      process.exit(1);
    }
    return void process.stdout.write('docs/access-matrix.md is current\n');
  }
  fs.writeFileSync(ACCESS_MATRIX_FILE, text);
  process.stdout.write(`wrote ${ACCESS_MATRIX_FILE}\n`);
}

if (require.main === module) main(process.argv.slice(2));
