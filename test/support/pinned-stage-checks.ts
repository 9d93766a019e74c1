import { Template } from 'aws-cdk-lib/assertions';
import { NAG_PACK_NAMES } from '../../lib/private/nag-rules';
import { auditAcknowledgements } from './acknowledgement-audit';
import { ALARM_CONTEXT, pinnedStages, TEST_ACCOUNT } from './pinned-app';

/**
 * The checks of every stage pinned to `region` as a user with credentials there synthesizes it
 * (an alarm address given): the compliance packs report nothing open and every acknowledgement is
 * used, ARNs render literally, Prod's VPC takes the region's zones. With `validate`, CloudFormation
 * validation runs in the synth too. Call inside a `describe`: it declares the tests.
 * test/stacks/pinned-synth.test.ts runs them for one region in `npm test`;
 * pinned-synth.integration.test.ts for every region of PINNED_REGIONS, with validation.
 */
export function pinnedStageChecks(region: string, options: { validate: boolean }): void {
  const { app, stacks } = pinnedStages(region, { validate: options.validate, context: ALARM_CONTEXT });
  const checks = options.validate ? 'cdk-nag AwsSolutions and NIST 800-53 R5 and CloudFormation validation' : 'cdk-nag AwsSolutions and NIST 800-53 R5';

  test(`synthesize with ${checks} reporting nothing open, every acknowledgement used`, () => {
    const assembly = app.synth();
    const audit = auditAcknowledgements(app, assembly.directory, NAG_PACK_NAMES);
    expect(audit.dead).toEqual([]);
    expect(audit.unreasoned).toEqual([]);
    expect(audit.broad).toEqual([]);
  });

  test('render ARNs literally, so the acknowledgements matched pinned ids, not placeholders', () => {
    const partition = region.startsWith('cn-') ? 'aws-cn' : 'aws';
    for (const stack of stacks) {
      const policies = JSON.stringify(Template.fromStack(stack).findResources('AWS::IAM::Policy'));
      expect(policies).toContain(`arn:${partition}:logs:${region}:${TEST_ACCOUNT}:log-group:/aws/sagemaker/Endpoints/`);
      expect(policies).not.toContain('AWS::Region');
    }
  });

  test('Prod\'s VPC takes its two zones from the (looked-up) region, by name', () => {
    const prod = Template.fromStack(stacks.find((stack) => stack.stackName === 'ChurnPrediction-Prod')!);
    const zones = Object.values(prod.findResources('AWS::EC2::Subnet')).map((subnet: any) => subnet.Properties.AvailabilityZone);
    expect(zones).toEqual([`${region}a`, `${region}b`]);
  });
}
