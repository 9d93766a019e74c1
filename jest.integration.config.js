/**
 * `npm run test:integration`: the slow tests, named `*.integration.test.ts`: the packed library
 * installed and synthesized in a consumer project, property runs of thousands of cases. `.ci/run`
 * and the pull-request workflow run them after `npm test`.
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['**/*.integration.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  // Packing, installing and synthesizing in child processes takes minutes on 2 cores.
  testTimeout: 300000,
};
