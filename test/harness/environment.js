/**
 * The integration files' Jest environment: Node's, plus `__ipviHost(file)`, which loads a module (by absolute path) with
 * the worker's own Node `require`, TypeScript through tsx, instead of Jest's per-file module registry. The runtime
 * (test/harness/runtime.js) sends every import from outside test/ here; see there for why.
 */
const { TestEnvironment } = require('jest-environment-node');

let loaded = false;
/** State the harness keeps for the whole worker, across its test files (test/harness/template-names.ts: the admin connection). */
const workerShared = new Map();

/** Loads a module in this worker's Node realm (once per worker; later calls hit Node's module cache). */
function hostRequire(file) {
  if (!loaded) {
    // graphql-js picks its `instanceOf` when first loaded, by NODE_ENV ("test" under Jest). The development one also
    // compares class names on every failed `instanceof`, to detect two copies of graphql: about 5% of the exhaustive
    // authorization test's time. So the production one is loaded first; NODE_ENV is put back at once, for every other
    // library (Apollo Server's defaults) to see "test".
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      require('graphql/jsutils/instanceOf');
    } finally {
      if (nodeEnv === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = nodeEnv;
    }
    require('tsx/cjs/api').register();
    loaded = true;
  }
  return require(file);
}

class HubEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global.__ipviHost = hostRequire;
    this.global.__ipviWorkerShared = workerShared;
    // The hub's libraries test `value instanceof Date` (pg binds a Date parameter as a timestamp only then): a test's dates
    // must be this realm's.
    this.global.Date = Date;
  }
}

module.exports = HubEnvironment;
