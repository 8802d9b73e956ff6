/**
 * The committed resolver types of every subgraph (incidents, tiering, victim-services: codegen.ts's three targets) are what
 * the generator makes from the SDL today (else: `npm run codegen`). One check for all three, in this file only: each run of
 * the generator costs about 5 s of CPU, and a second file running the same check found nothing the first did not.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.join(__dirname, '../../../..');

it('every subgraph\'s src/generated is current with the schema (run `npm run codegen` after an SDL change)', () => {
  const run = spawnSync(path.join(root, 'node_modules/.bin/graphql-codegen'), ['--config', 'codegen.ts', '--check'], { cwd: root, encoding: 'utf8' });
  expect(`${run.stdout}${run.stderr}`).not.toContain('stale files');
  expect(run.status).toBe(0);
}, 120_000); // ~10 s idle, 23 s measured on a loaded machine
