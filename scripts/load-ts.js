/**
 * How the hub's processes load TypeScript: `node --require ./scripts/load-ts.js FILE.ts` (npm start, start:multi and its
 * parts, each workspace's `npm start`, the CLIs the tests run as child processes; Jest's workers load the hub with it too,
 * test/harness/environment.js). tsx's CommonJS hook, with two costs left out that a process loading the hub paid for
 * nothing (measured on the 2-core reference machine, loading the whole hub: about 4.0 s of CPU with `--require tsx/cjs`,
 * 2.7 s with this file; `--import tsx` also starts tsx's ESM loader thread, about 0.35 s more per process):
 * - tsx reads every `.js` file it is asked to load and scans it for `import`/`export` syntax (to compile ESM to CommonJS),
 *   about 2,000 files of node_modules for the hub. Files under node_modules are plain JavaScript: Node's own loader loads
 *   them (an ES module package through Node's require(esm), as it would without tsx). Our TypeScript still goes to tsx.
 * - tsx turns on Node's source maps (for our TypeScript's stack traces), and then Node reads and parses the
 *   `sourceMappingURL` file of every node_modules file that names one (hundreds of maps). Those comments are dropped
 *   before compiling: stack frames in node_modules then show the shipped `.js` lines, as plain `node` shows them; frames
 *   in our TypeScript still map to the `.ts` source.
 * Entry points load lazily with `require()`, not `import()`: without tsx's ESM loader, `import()` of a `.ts` file fails.
 */
'use strict';
const Module = require('node:module');
const path = require('node:path');

const nodeJs = Module._extensions['.js'];
require('tsx/cjs');
const tsxJs = Module._extensions['.js'];
const NODE_MODULES = `${path.sep}node_modules${path.sep}`;
/** A source-map comment as the file's last line (the text may also hold it inside a string: that stays). */
const MAP_COMMENT = /\n\/\/# sourceMappingURL=[^\s'"`]*\s*$/;

/** Module.prototype._compile without the file's source-map comment. */
function compileWithoutSourceMap(content, filename, ...rest) {
  const at = content.lastIndexOf('\n//# sourceMappingURL=');
  const code = at >= 0 && MAP_COMMENT.test(content.slice(at)) ? content.slice(0, at + 1) : content;
  return Module.prototype._compile.call(this, code, filename, ...rest);
}

/** Node loads an ES module package with require() itself from 20.19 (the engines' minimum); before, tsx compiles them. */
const nodeRequiresEsm = Boolean(process.features.require_module);

Module._extensions['.js'] = function loadJs(module, filename) {
  if (!nodeRequiresEsm || !filename.includes(NODE_MODULES)) return tsxJs.call(this, module, filename);
  module._compile = compileWithoutSourceMap;
  try {
    return nodeJs.call(this, module, filename);
  } finally {
    delete module._compile;
  }
};
