/**
 * The integration files' Jest environment: Node's, plus `__ipviHost(file)`, which loads a module (by absolute path) with
 * the worker's own Node `require`, TypeScript through tsx, instead of Jest's per-file module registry. The runtime
 * (test/harness/runtime.js) sends every import from outside test/ here; see there for why.
 */
const { TestEnvironment } = require('jest-environment-node');

let loaded = false;

/** Loads a module in this worker's Node realm (once per worker; later calls hit Node's module cache). */
function hostRequire(file) {
  if (!loaded) {
    // As in setup-graphql.ts: graphql-js picks its production `instanceOf` when first loaded (NODE_ENV is "test" under Jest).
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
    // The hub's libraries test `value instanceof Date` (pg binds a Date parameter as a timestamp only then): a test's dates
    // must be this realm's.
    this.global.Date = Date;
  }
}

module.exports = HubEnvironment;
