const os = require('os');

/**
 * `npm test`: the fast suite, every test file but the integration ones (`*.integration.test.ts`:
 * packing and installing the library, big property runs), which `npm run test:integration` runs
 * (jest.integration.config.js). Jest runs TypeScript through ts-jest in transpile-only mode
 * (tsconfig `isolatedModules`); `npm run build` type-checks once.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '\\.integration\\.test\\.ts$'],
  // Synthesis with CloudFormation validation takes seconds on a 2-core CI machine.
  testTimeout: 60000,
  // Jest's default (cores - 1) runs a 2-core machine's tests in one process and leaves a core idle;
  // two workers there, cores - 1 elsewhere.
  maxWorkers: Math.max(2, os.cpus().length - 1),
  // No workerIdleMemoryLimit: a worker's heap stays under 150 MB here (--logHeapUsage), and with a
  // limit set Jest 29 force-exits its workers at the end with a "failed to exit gracefully" warning.
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  snapshotSerializers: ['<rootDir>/test/support/asset-hash-serializer.ts'],
};
