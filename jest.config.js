/** Jest runs TypeScript through ts-jest in transpile-only mode; `npm run build` type-checks once. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Synthesis with bundling and CloudFormation validation takes seconds on a 2-core CI machine.
  testTimeout: 60000,
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  snapshotSerializers: ['<rootDir>/test/support/asset-hash-serializer.ts'],
};
