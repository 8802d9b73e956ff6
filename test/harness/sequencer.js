/**
 * Jest's order of test files: longest first, so that the two workers finish together. Jest knows a file's duration only
 * from its own cache of earlier runs; on a fresh clone (every CI run) it falls back to file size, which put
 * services/incidents/src/generated/generated.test.ts (about 4 s: it runs codegen) last, alone on one worker. So a file
 * Jest has no duration for gets the one measured here (seconds, a fresh clone of the 2-core reference machine), and
 * any other file one guessed from its size. Failed files still go first.
 */
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const ROOT = path.join(__dirname, '..', '..');
/** Measured seconds of the files whose size says little about their duration (the rest: about 1 s per 10 kB). */
const MEASURED = {
  'test/authz/exhaustive.test.ts': 57,
  'test/ops-multi.test.ts': 19,
  'test/ops-private-folder.test.ts': 13,
  'test/partnership-tiering.test.ts': 13,
  'test/analytics-demo.test.ts': 9,
  'test/contract-api.test.ts': 9,
  'test/ops-outage.test.ts': 7,
  'test/analytics-report.test.ts': 6,
  'services/incidents/src/generated/generated.test.ts': 4,
};

class HubSequencer extends Sequencer {
  sort(tests) {
    const estimate = (test) => {
      const known = MEASURED[path.relative(ROOT, test.path).split(path.sep).join('/')];
      if (known !== undefined) return known * 1000;
      return (test.context.hasteFS.getSize(test.path) ?? 0) / 10;
    };
    for (const test of tests) test.duration = this.time(test) ?? estimate(test);
    return tests.sort((a, b) => {
      const failedA = this.hasFailed(a);
      if (failedA !== this.hasFailed(b)) return failedA ? -1 : 1;
      return b.duration - a.duration;
    });
  }
}

module.exports = HubSequencer;
