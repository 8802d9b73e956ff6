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
  // Jest applies testTimeout only from the root config when several projects run (jestjs/jest#9696);
  // the integration project's 60 s must be here too, or feed drains time out at the 5 s default.
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
      testTimeout: 60000,
    },
  ],
};
