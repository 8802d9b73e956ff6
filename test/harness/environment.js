/**
 * The test files' Jest environment (unit and integration): Node's, plus `__ipviHost(file)`, which loads a module (by absolute path) with
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
    // tsx's CommonJS hook as the hub's processes load it (scripts/load-ts.js): node_modules through Node's own loader, without
    // their source maps (about 1.3 s less CPU per worker to load the hub).
    require('../../scripts/load-ts.js');
    loaded = true;
  }
  return require(file);
}

/**
 * Jest-circus's AsyncLocalStorage, released with its test file. It makes one per test file (its test execution context,
 * naming the running test or hook) and never disables it. Two costs followed, because the hub runs in this worker:
 * - Node keeps every enabled instance in one list that each new promise of the worker walks: by a worker's 40th file,
 *   every promise paid 40 propagations.
 * - Every async resource made during a test (a socket, a timer) keeps the store it was made under, and the store names the
 *   test's closures: a timer still armed after its file (a 30 s fetch timeout, a pool's idle timer) kept that whole file
 *   (its hub, its databases' entity metadata, its module registry) in the heap, about 6 MB a file.
 * So each store is held in a box that is emptied, and the instance disabled, when the file's environment is torn down,
 * after its last test. Other instances (none today in the hub's libraries) are left alone.
 */
let madeDuringFile = [];
class FileAsyncLocalStorage extends asyncHooks.AsyncLocalStorage {
  constructor(...args) {
    super(...args);
    this.boxes = undefined;
    if (/[/\\]jest-circus[/\\]/.test(new Error().stack ?? '')) {
      this.boxes = [];
      madeDuringFile.push(this);
    }
  }

  run(store, callback, ...args) {
    if (!this.boxes) return super.run(store, callback, ...args);
    const box = { store };
    this.boxes.push(box);
    return super.run(box, callback, ...args);
  }

  enterWith(store) {
    if (!this.boxes) return super.enterWith(store);
    const box = { store };
    this.boxes.push(box);
    super.enterWith(box);
  }

  getStore() {
    const got = super.getStore();
    return this.boxes ? got?.store : got;
  }

  /** Empties every store it handed out and stops propagating. */
  release() {
    for (const box of this.boxes ?? []) box.store = undefined;
    this.boxes = [];
    this.disable();
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
    for (const storage of made) storage.release();
    await super.teardown();
  }
}

module.exports = HubEnvironment;
