// `npm run lint` runs ESLint with this config, then `prettier --check .` (formatting is Prettier's
// alone: no stylistic rules here). typescript-eslint's recommended rules, type-aware, for the
// TypeScript of the API, worker, workflows, scripts and tests; react-hooks for the web app.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: ['node_modules/', 'generated/', 'dist/', 'data/', 'coverage/', '.tools/', 'tests/fixtures/', 'prisma/migrations/', 'docs/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // web/vite.config.ts is in no tsconfig (vite loads it itself).
        projectService: { allowDefaultProject: ['web/vite.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Update handlers, validators (antd's, zod's) and interface methods are async by contract, awaiting nothing.
      '@typescript-eslint/require-await': 'off',
      // Temporal's proxyActivities/defineUpdate, antd's Form/App hooks and Express hand out bound functions meant to be destructured.
      '@typescript-eslint/unbound-method': 'off',
      // A union with string names the values we know (`'school' | 'bureau' | string`) for readers and completion.
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      // gRPC status codes arrive as numbers and are compared with @grpc/grpc-js's enum members.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      // `_`-prefixed names are dropped on purpose: rest destructuring (`{ _ip, ...rest }`), Express's 4-argument error handler.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // React's onClick/onFinish may be async: antd and React ignore what the handler returns.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      // A shutdown handler registered before the thing it stops exists reads a `let` assigned once, later.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Official Chinese texts indent with the full-width space (全角空格) in their template literals.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true }],
    },
  },
  {
    // The dev stack's and scripts' servers and timers take async callbacks that catch their own errors (http.createServer, stream 'end', setInterval).
    files: ['devstack/**', 'scripts/**'],
    rules: { '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false, arguments: false } }] },
  },
  {
    // Tests, scripts, the dev stack and the web app read JSON (API responses, mails, benchmark output) as `any` and check
    // its shape where they use it (expect, zod at the API's edge); the product's server code keeps these rules.
    files: ['tests/**', 'scripts/**', 'devstack/**', 'web/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.flat['recommended-latest'].rules,
      // React Compiler rules; the app is not compiled by it. useApi resets its loading state in the effect that fetches,
      // and the deadline pickers read the clock while rendering to offer no past hour.
      'react-hooks/set-state-in-effect': 'off',
      'react-hooks/purity': 'off',
    },
  },
  {
    // Plain JavaScript config files: no type information.
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
);
