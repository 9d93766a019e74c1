/**
 * The app as a user with AWS credentials synthesizes it: the CLI sets CDK_DEFAULT_ACCOUNT and
 * CDK_DEFAULT_REGION, every stack is pinned, ARNs render literally (`arn:aws:logs:us-east-1:…`),
 * and Prod's VPC looks its Availability Zones up (answered here as cdk.context.json would).
 * The same synths with built-in CloudFormation validation too: pinned-synth.integration.test.ts.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { environmentFromCli } from '../../bin/churn-prediction-app';
import { PINNED_REGIONS, pinnedStages, TEST_ACCOUNT } from '../support/pinned-app';

describe('environmentFromCli', () => {
  test('pins to the CLI\'s account and region when both are set', () => {
    expect(environmentFromCli({ CDK_DEFAULT_ACCOUNT: TEST_ACCOUNT, CDK_DEFAULT_REGION: 'eu-west-1' }))
      .toEqual({ account: TEST_ACCOUNT, region: 'eu-west-1' });
  });

  test.each([{}, { CDK_DEFAULT_ACCOUNT: TEST_ACCOUNT }, { CDK_DEFAULT_REGION: 'eu-west-1' }, { CDK_DEFAULT_ACCOUNT: '', CDK_DEFAULT_REGION: '' }])(
    'stays environment-agnostic without both (%j)', (env) => {
      expect(environmentFromCli(env)).toBeUndefined();
    });
});

describe.each(PINNED_REGIONS)('both stages pinned to account %s', (region) => {
  const { app, stacks } = pinnedStages(region);

  test('synthesize with cdk-nag AwsSolutions reporting nothing open', () => {
    expect(() => app.synth()).not.toThrow();
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
});
