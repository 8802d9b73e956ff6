// ESLint: typescript-eslint's recommended type-aware rules on every TypeScript file, formatting left to Prettier.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/generated/**', '.hub/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  // No rule here reads JSDoc (the recommended set is syntactic): the parser skips it, about 15% of ESLint's CPU on a cold run.
  { languageOptions: { parserOptions: { jsDocParsingMode: 'none' } } },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly' } },
    // Plain CommonJS files that Node and Jest load untransformed (jest.config.js, the test harness's environment and
    // runtime): `require` is how they import.
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The canary world and its probes handle GraphQL answers of every shape of the composed schema generically
    // (the shapes come from the schema at run time), so their values are typed as any.
    files: ['test/authz/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // `x == null` is the one idiom for "null or undefined".
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
);
