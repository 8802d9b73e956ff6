/** The committed resolver types are what the generator makes from the SDL today (else: `npm run codegen`). */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.join(__dirname, '../../../..');

it('src/generated is current with the schema (run `npm run codegen` after an SDL change)', () => {
  const run = spawnSync(path.join(root, 'node_modules/.bin/graphql-codegen'), ['--config', 'codegen.ts', '--check'], { cwd: root, encoding: 'utf8' });
  expect(`${run.stdout}${run.stderr}`).not.toContain('stale files');
  expect(run.status).toBe(0);
}, 120_000); // ~10 s idle, 23 s measured on a loaded machine
