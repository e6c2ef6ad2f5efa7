// Tests run against real components: PostgreSQL, Temporal servers and an SMTP sink.
// One test file at a time: each starts its own Temporal server, and the machine has 2 cores.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
  // Under moduleResolution node16 a dynamic import names its file as node runs it (`import('./x.js')`); jest loads the .ts.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
  testTimeout: 180_000,
  maxWorkers: 1,
};
