/**
 * The pinned synths of pinned-synth.test.ts with built-in CloudFormation validation as well, as
 * `cdk synth` runs it with credentials: the validator then knows the account and region, and checks
 * what is available there. Several seconds per region on 2 cores, hence an integration test;
 * test/stacks/app-validation.test.ts validates the environment-agnostic app in `npm test`.
 */
import { PINNED_REGIONS, pinnedStages } from '../support/pinned-app';

describe.each(PINNED_REGIONS)('both stages pinned to account %s', (region) => {
  test('synthesize with cdk-nag AwsSolutions and CloudFormation validation reporting nothing open', () => {
    const { app } = pinnedStages(region, { validate: true });
    expect(() => app.synth()).not.toThrow();
  });
});
