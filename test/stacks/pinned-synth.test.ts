/**
 * The app as a user with AWS credentials synthesizes it: the CLI sets CDK_DEFAULT_ACCOUNT and
 * CDK_DEFAULT_REGION, every stack is pinned, ARNs render literally (`arn:aws:logs:us-east-1:…`),
 * and Prod's VPC looks its Availability Zones up (answered here as cdk.context.json would).
 * Every region of PINNED_REGIONS, with built-in CloudFormation validation too:
 * pinned-synth.integration.test.ts.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { addChurnPredictionStages, environmentFromCli } from '../../bin/churn-prediction-app';
import { DEV, PROD } from '../../lib/stage-config';
import { ALARM_CONTEXT, pinnedApp, TEST_ACCOUNT } from '../support/pinned-app';
import { pinnedStageChecks } from '../support/pinned-stage-checks';

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

// One region here; every region of PINNED_REGIONS (the aws-cn partition too), with CloudFormation
// validation, in pinned-synth.integration.test.ts.
describe('both stages pinned to account eu-west-1', () => {
  pinnedStageChecks('eu-west-1', { validate: false });
});
