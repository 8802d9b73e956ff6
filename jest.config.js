/** Jest: unit tests live beside the code, integration tests in test/. One PostgreSQL per run. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: false },
      target: 'es2022',
    },
    module: { type: 'commonjs', ignoreDynamic: true },
  },
];
/** ESM-only packages the CommonJS test runtime needs compiled (jose 6). */
const ESM_ONLY = ['/node_modules/(?!(jose)/)'];

module.exports = {
  projects: [
    {
      displayName: 'unit',
      // The integration files' environment and runtime (test/harness/runtime.js): libraries load once per worker.
      testEnvironment: '<rootDir>/test/harness/environment.js',
      runtime: '<rootDir>/test/harness/runtime.js',
      transform: { '^.+\\.(ts|js)$': swc },
      transformIgnorePatterns: ESM_ONLY,
      testMatch: ['<rootDir>/packages/*/src/**/*.test.ts', '<rootDir>/services/*/src/**/*.test.ts', '<rootDir>/gateway/src/**/*.test.ts'],
    },
    {
      displayName: 'integration',
      testEnvironment: '<rootDir>/test/harness/environment.js',
      runtime: '<rootDir>/test/harness/runtime.js',
      transform: { '^.+\\.(ts|js)$': swc },
      transformIgnorePatterns: ESM_ONLY,
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      globalSetup: '<rootDir>/test/harness/global-setup.ts',
      globalTeardown: '<rootDir>/test/harness/global-teardown.ts',
    },
  ],
  // A global option (jest-circus ignores testTimeout inside a project); it bounds hooks too. Integration hooks start a hub,
  // make the canary world or drain the demo feeds: measured up to ~45 s on this 2-core machine under load (tiering-workflow's
  // drain, denials' canary world), so 180 s keeps every default timeout at least 3x its measured duration.
  testTimeout: 180000,
  // Two files at once use both cores of the reference machine (a run is CPU-bound: about 1.9 cores busy throughout).
  // `npm test` also gives the workers a 64 MB young generation (NODE_OPTIONS=--max-semi-space-size=64 in scripts/test.sh):
  // the hub allocates briskly, and fewer scavenges cut the run's CPU by about 8%.
  maxWorkers: 2,
  // Longest files first, also on a fresh clone where Jest has no durations of its own (test/harness/sequencer.js).
  testSequencer: '<rootDir>/test/harness/sequencer.js',
};
