import { CfnElement } from 'aws-cdk-lib';
import { ChurnPredictionStack } from '../../lib/churn-prediction-stack';
import { DEV, PROD, StageSettings, stageSettingsProblems, STAGES } from '../../lib/stage-config';
import { createTestApp } from '../support/app';

describe('stage settings', () => {
  test('the shipped stages are valid; prod keeps two instances at all times', () => {
    for (const stage of STAGES) expect(stageSettingsProblems(stage)).toEqual([]);
    expect(PROD.requireMultiAz).toBe(true);
    expect(PROD.initialInstanceCount).toBeGreaterThanOrEqual(2);
    expect(PROD.minInstanceCount).toBeGreaterThanOrEqual(2);
    expect(PROD.instanceType).not.toMatch(/^ml\.t/);
    expect(DEV.instanceType).not.toMatch(/^ml\.t/);
  });

  test('When a multi-AZ stage drops to one instance: each problem is named', () => {
    const problems = stageSettingsProblems({ ...PROD, minInstanceCount: 1, initialInstanceCount: 1 });
    expect(problems).toEqual([
      'minInstanceCount must be ≥ 2 when requireMultiAz is set, got 1',
      'initialInstanceCount must be ≥ 2 when requireMultiAz is set, got 1',
    ]);
  });

  test('When several settings are wrong: the stack throws once, naming all of them', () => {
    const broken: StageSettings = {
      ...PROD, name: 'prod stage', apiRateLimit: 0, apiBurstLimit: -1,
      latencyBudgetMillis: { ...PROD.latencyBudgetMillis, model: 0 }, alarmMinimumRequestsPerMinute: 0.5, alarmEmail: 'ops',
    };
    expect(() => new ChurnPredictionStack(createTestApp(), 'Broken', { settings: broken })).toThrow(
      /name must be PascalCase[\s\S]*apiRateLimit must be > 0[\s\S]*apiBurstLimit[\s\S]*latencyBudgetMillis: latency budget model must be > 0 ms, got 0[\s\S]*alarmMinimumRequestsPerMinute must be a whole number ≥ 1, got 0.5[\s\S]*alarmEmail/,
    );
  });

  test('When a stage\'s latency budget parts add up to more than its end-to-end budget: the sum is named', () => {
    expect(stageSettingsProblems({ ...PROD, latencyBudgetMillis: { ...PROD.latencyBudgetMillis, model: 200 } })).toEqual([
      'latencyBudgetMillis: latency budget parts (apiGatewayOverhead + lambdaOverhead + sageMakerOverhead + model = 330 ms) must not exceed endToEnd (300 ms)',
    ]);
  });

  test('an alarm e-mail subscribes to both alarm topics', () => {
    const { Template } = jest.requireActual('aws-cdk-lib/assertions');
    const stack = new ChurnPredictionStack(createTestApp(), 'WithEmail', { settings: { ...DEV, alarmEmail: 'ops@example.com' } });
    const template = Template.fromStack(stack);
    const topics = stack.service.monitoring.topics;
    for (const topic of [topics.critical, topics.warning]) {
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email', Endpoint: 'ops@example.com', TopicArn: { Ref: stack.getLogicalId(topic.node.defaultChild as CfnElement) },
      });
    }
    template.resourceCountIs('AWS::SNS::Subscription', 2);
  });
});
