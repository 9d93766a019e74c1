/**
 * The pinned synths of pinned-synth.test.ts with built-in CloudFormation validation as well, as
 * `cdk synth` runs it with credentials: the validator then knows the account and region, and checks
 * what is available there. Several seconds per region on 2 cores, hence an integration test;
 * test/stacks/app-validation.test.ts validates the environment-agnostic app in `npm test`.
 */
import { NAG_PACK_NAMES } from '../../lib/private/nag-rules';
import { auditAcknowledgements } from '../support/acknowledgement-audit';
import { ALARM_CONTEXT, PINNED_REGIONS, pinnedStages } from '../support/pinned-app';

describe.each(PINNED_REGIONS)('both stages pinned to account %s', (region) => {
  test('synthesize with cdk-nag AwsSolutions and NIST 800-53 R5 and CloudFormation validation reporting nothing open, every acknowledgement used', () => {
    const { app } = pinnedStages(region, { validate: true, context: ALARM_CONTEXT });
    const assembly = app.synth();
    const audit = auditAcknowledgements(app, assembly.directory, NAG_PACK_NAMES);
    expect(audit.dead).toEqual([]);
    expect(audit.unreasoned).toEqual([]);
    expect(audit.broad).toEqual([]);
  });
});
