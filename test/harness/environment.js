/**
 * The integration files' Jest environment: Node's, plus `__ipviHost(file)`, which loads a module (by absolute path) with
 * the worker's own Node `require`, TypeScript through tsx, instead of Jest's per-file module registry. The runtime
 * (test/harness/runtime.js) sends every import from outside test/ here; see there for why.
 */
const asyncHooks = require('node:async_hooks');
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

/**
 * The AsyncLocalStorage instances made while the current test file runs. jest-circus makes one per test file (its test
 * execution context) and never disables it, and Node keeps every enabled instance in one list that each new promise of the
 * worker walks: by a worker's 40th file, every promise of the hub (which runs in this process) paid 40 propagations.
 * Jest-circus's instances are disabled when the file's environment is torn down, after its last test; the next file's is made afresh.
 */
let madeDuringFile = [];
class FileAsyncLocalStorage extends asyncHooks.AsyncLocalStorage {
  constructor(...args) {
    super(...args);
    if (/[/\\]jest-circus[/\\]/.test(new Error().stack ?? '')) madeDuringFile.push(this);
  }
}
asyncHooks.AsyncLocalStorage = FileAsyncLocalStorage;

class HubEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global.__ipviHost = hostRequire;
    this.global.__ipviWorkerShared = workerShared;
    // The hub's libraries test `value instanceof Date` (pg binds a Date parameter as a timestamp only then): a test's dates
    // must be this realm's.
    this.global.Date = Date;
  }

  async teardown() {
    const made = madeDuringFile;
    madeDuringFile = [];
    for (const storage of made) storage.disable();
    await super.teardown();
  }
}

module.exports = HubEnvironment;
