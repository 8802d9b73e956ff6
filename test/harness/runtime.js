/**
 * The integration files' Jest runtime: test code (test/**) runs in Jest's sandbox as usual, and everything it imports
 * from outside test/ (the hub's own packages and every library under node_modules) comes from Node's module cache of the
 * worker, loaded once per worker through test/harness/environment.js, instead of once per test file.
 *
 * Why: each integration file imports the hub (the three subgraphs and the gateway: graphql-js, Apollo, TypeORM, pg,
 * jose). In Jest's per-file registry that is read, compiled and run again for every file, about 2 s of CPU each on the
 * reference machine, more than starting the hub, and the code never gets warm. Tests still get fresh databases and their
 * own hub per file; only compiled code is shared.
 *
 * What a test must not rely on: module state of the hub's packages being fresh per file (none of them keep any that a
 * test reads), and `jest.mock` of a module outside test/ (no integration test mocks one).
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
