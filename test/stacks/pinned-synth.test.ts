/**
 * The app as a user with AWS credentials synthesizes it: the CLI sets CDK_DEFAULT_ACCOUNT and
 * CDK_DEFAULT_REGION, every stack is pinned, ARNs render literally (`arn:aws:logs:us-east-1:…`),
 * and Prod's VPC looks its Availability Zones up (answered here as cdk.context.json would).
 */
import { Template } from 'aws-cdk-lib/assertions';
import { addChurnPredictionStages, environmentFromCli } from '../../bin/churn-prediction-app';
import { pinnedApp, TEST_ACCOUNT } from '../support/pinned-app';

// Regions of the image mapping in three settings: the first region, a European one, and the aws-cn
// partition (partition literals: `arn:aws-cn:`).
const REGIONS = ['us-east-1', 'eu-west-1', 'cn-north-1'];

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

describe.each(REGIONS)('both stages pinned to account %s', (region) => {
  const { app, env } = pinnedApp(region, { validate: true });
  const stacks = addChurnPredictionStages(app, env);

  test('synthesize with cdk-nag AwsSolutions and CloudFormation validation reporting nothing open', () => {
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
