// Jest projects split by file suffix: unit (pure), integration (real Postgres, HTTP, socket.io,
// mediasoup), e2e (Debian Chromium through the real UI). One worker: the machine has 2 cores and
// the integration and e2e suites run real media workers and browsers.
// NOTE: transpile only (isolatedModules); `npm test` typechecks the whole tree with tsc first.
const transform = {
  '^.+\\.ts$': [
    'ts-jest',
    { tsconfig: { isolatedModules: true, module: 'commonjs', moduleResolution: 'node', target: 'es2022', esModuleInterop: true } },
  ],
};
const common = { transform, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'json'] };

module.exports = {
  maxWorkers: 1,
  testTimeout: 120_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.int.test.ts'],
      globalSetup: '<rootDir>/test/support/globalSetup.mjs',
      globalTeardown: '<rootDir>/test/support/globalTeardown.mjs',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
      globalSetup: '<rootDir>/test/support/globalSetup.mjs',
      globalTeardown: '<rootDir>/test/support/globalTeardown.mjs',
    },
  ],
};
