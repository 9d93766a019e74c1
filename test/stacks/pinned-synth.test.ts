/**
 * The app as a user with AWS credentials synthesizes it: the CLI sets CDK_DEFAULT_ACCOUNT and
 * CDK_DEFAULT_REGION, every stack is pinned, ARNs render literally (`arn:aws:logs:us-east-1:…`),
 * and Prod's VPC looks its Availability Zones up (answered here as cdk.context.json would).
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { addChurnPredictionStages, environmentFromCli } from '../../bin/churn-prediction-app';
import { NAG_PACK_NAMES } from '../../lib/private/nag-rules';
import { ALARM_EMAIL_CONTEXT_KEY, DEV, PROD } from '../../lib/stage-config';
import { auditAcknowledgements } from '../support/acknowledgement-audit';
import { pinnedApp, TEST_ACCOUNT } from '../support/pinned-app';

/** A deploy pages someone: the address a user passes with `-c churn-prediction:alarmEmail=…`. */
const ALARM_CONTEXT = { [ALARM_EMAIL_CONTEXT_KEY]: 'oncall@example.com' };

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

describe('a stage that must page someone (Prod), pinned to an account as a deploy is', () => {
  // CloudFormation User Guide, "Parameters": a parameter without a default must be given a value
  // when the stack is created or updated, so CloudFormation refuses Prod's deploy before creating anything.
  test('without an alarm subscription: its template requires an AlarmEmail parameter (no default) saying how to give one, subscribed to both topics', () => {
    const { app, env } = pinnedApp('eu-west-1');
    const [dev, prod] = addChurnPredictionStages(app, env, [DEV, PROD]);
    const template = Template.fromStack(prod);
    template.hasParameter('AlarmEmail', {
      Type: 'String',
      Default: Match.absent(),
      AllowedPattern: Match.anyValue(),
      Description: Match.stringLikeRegexp('npx cdk deploy ChurnPrediction-Prod --parameters AlarmEmail=.*or set alarmEmail in the stage settings'),
    });
    const endpoints = Object.values(template.findResources('AWS::SNS::Subscription')).map((s: any) => s.Properties.Endpoint);
    expect(endpoints).toEqual([{ Ref: 'AlarmEmail' }, { Ref: 'AlarmEmail' }]);
    // Dev need not page anyone: its deploy asks for nothing.
    expect(Template.fromStack(dev).toJSON().Parameters?.AlarmEmail).toBeUndefined();
  });

  test('with an address, no parameter: the address is subscribed directly', () => {
    const { app, env } = pinnedApp('eu-west-1');
    const [prod] = addChurnPredictionStages(app, env, [{ ...PROD, monitoring: { ...PROD.monitoring, alarmEmail: 'oncall@example.com' } }]);
    expect(Template.fromStack(prod).toJSON().Parameters?.AlarmEmail).toBeUndefined();
  });

  test('with the address in the context: subscribed to both alarm topics', () => {
    const { app, env } = pinnedApp('eu-west-1', { context: ALARM_CONTEXT });
    const [prod] = addChurnPredictionStages(app, env, [PROD]);
    const subscriptions = Template.fromStack(prod).findResources('AWS::SNS::Subscription');
    expect(Object.values(subscriptions).map((s: any) => [s.Properties.Protocol, s.Properties.Endpoint])).toEqual([
      ['email', 'oncall@example.com'], ['email', 'oncall@example.com'],
    ]);
  });

  test('a stage\'s own alarmEmail wins over the context\'s; a stage that need not page takes the context\'s too', () => {
    const { app, env } = pinnedApp('eu-west-1', { context: ALARM_CONTEXT });
    const [dev, prod] = addChurnPredictionStages(app, env, [DEV, { ...PROD, monitoring: { ...PROD.monitoring, alarmEmail: 'prod-oncall@example.com' } }]);
    const endpoints = (stack: typeof dev) => Object.values(Template.fromStack(stack).findResources('AWS::SNS::Subscription'))
      .map((s: any) => s.Properties.Endpoint);
    expect(endpoints(prod)).toEqual(['prod-oncall@example.com', 'prod-oncall@example.com']);
    expect(endpoints(dev)).toEqual(['oncall@example.com', 'oncall@example.com']);
  });

  test('environment-agnostic (the offline quick start): synthesizes as it is', () => {
    const { app } = pinnedApp('eu-west-1');
    expect(() => addChurnPredictionStages(app, undefined, [PROD])).not.toThrow();
  });
});

describe.each(REGIONS)('both stages pinned to account %s', (region) => {
  const { app, env } = pinnedApp(region, { validate: true, context: ALARM_CONTEXT });
  const stacks = addChurnPredictionStages(app, env);

  test('synthesize with cdk-nag AwsSolutions and NIST 800-53 R5 and CloudFormation validation reporting nothing open, every acknowledgement used', () => {
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
});
