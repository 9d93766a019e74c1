/**
 * The pinned synths of pinned-synth.test.ts in every region of PINNED_REGIONS (the first region,
 * a European one, the aws-cn partition), with built-in CloudFormation validation as well, as
 * `cdk synth` runs it with credentials: the validator then knows the account and region, and
 * checks what is available there. Seconds per region on 2 cores, hence an integration test;
 * test/stacks/app-validation.test.ts validates the environment-agnostic app in `npm test`.
 */
import { PINNED_REGIONS } from '../support/pinned-app';
import { pinnedStageChecks } from '../support/pinned-stage-checks';

describe.each(PINNED_REGIONS)('both stages pinned to account %s', (region) => {
  pinnedStageChecks(region, { validate: true });
});
