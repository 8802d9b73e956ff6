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
  // Per-project testTimeout is not applied by jest-circus (it reads the global one): set it here.
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform: { '^.+\\.(ts|js)$': swc },
      transformIgnorePatterns: ESM_ONLY,
      testMatch: ['<rootDir>/packages/*/src/**/*.test.ts', '<rootDir>/services/*/src/**/*.test.ts', '<rootDir>/gateway/src/**/*.test.ts'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform: { '^.+\\.(ts|js)$': swc },
      transformIgnorePatterns: ESM_ONLY,
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      globalSetup: '<rootDir>/test/harness/global-setup.ts',
      globalTeardown: '<rootDir>/test/harness/global-teardown.ts',
    },
  ],
  // A global option: jest ignores testTimeout inside a project (integration hooks start a hub and drain feeds).
  testTimeout: 60000,
};
