/**
 * The Jest runtime of every test file, unit and integration: the test file itself (and, for integration files, all of
 * test/**) runs in Jest's sandbox as usual, and everything it imports from elsewhere (the hub's own packages and every
 * library under node_modules) comes from Node's module cache of the worker, loaded once per worker through
 * test/harness/environment.js, instead of once per test file.
 *
 * Why: each integration file imports the hub (the three subgraphs and the gateway: graphql-js, Apollo, TypeORM, pg,
 * jose). In Jest's per-file registry that is read, compiled and run again for every file, about 2 s of CPU each on the
 * reference machine, more than starting the hub, and the code never gets warm. Most unit files import `@ipvi/core`, whose
 * index loads the same libraries: the unit project alone took 20 s of CPU in the per-file registry, 15 s this way, and in
 * a whole run its files find the libraries loaded already. Tests still get fresh databases and their own hub per file;
 * only compiled code is shared.
 *
 * What a test must not rely on: module state of the hub's packages being fresh per file (none of them keep any that a
 * test reads), `jest.mock` of a module outside test/ (no test mocks one), or Jest's fake timers reaching the code under
 * test (it runs on the worker's own timers and clock). A unit file that needs either asks for Jest's plain Node
 * environment in its docblock (`@jest-environment node`: packages/core/src/feed/consumer.test.ts), and then loads
 * everything in its sandbox as before.
 */
const path = require('node:path');
const Runtime = require('jest-runtime').default;

const TEST_DIR = path.join(__dirname, '..') + path.sep;
/** Jest's own packages stay in the sandbox: they bind to the test's globals. */
const JEST_OWN = /[/\\]node_modules[/\\](@jest|expect|jest-[^/\\]*)[/\\]/;

class HostRuntime extends Runtime {
  requireModuleOrMock(from, moduleName) {
    const host = this._environment.global.__ipviHost;
    if (host && moduleName !== '@jest/globals' && !this._resolution.isCoreModule(moduleName)) {
      const resolved = this._resolution.resolveCjs(from, moduleName);
      if (!resolved.startsWith(TEST_DIR) && !JEST_OWN.test(resolved)) return host(resolved);
    }
    return super.requireModuleOrMock(from, moduleName);
  }
}

module.exports = HostRuntime;
