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

  test('Dev reserves no concurrency, so it deploys in a new account; Prod reserves 200', () => {
    expect(DEV.reservedConcurrency).toBeUndefined();
    expect(PROD.reservedConcurrency).toBe(200);
    expect(stageSettingsProblems({ ...PROD, reservedConcurrency: 0 })).toEqual(['reservedConcurrency must be a whole number ≥ 1, got 0']);
  });

  test('both stages band risk at 0.3 and 0.7 and recommend an action per band', () => {
    for (const stage of STAGES) {
      expect([stage.mediumRiskThreshold, stage.highRiskThreshold]).toEqual([0.3, 0.7]);
      expect(stage.recommendedActions).toEqual({ low: 'none', medium: 'engagement-offer', high: 'retention-offer' });
    }
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
      ...PROD, name: 'prod stage', apiRateLimit: 0, apiBurstLimit: -1, modelLatencyP99Millis: 0, alarmEmail: 'ops',
    };
    expect(() => new ChurnPredictionStack(createTestApp(), 'Broken', { settings: broken })).toThrow(
      /name must be PascalCase[\s\S]*apiRateLimit must be > 0[\s\S]*apiBurstLimit[\s\S]*modelLatencyP99Millis[\s\S]*alarmEmail/,
    );
  });

  test('an alarm e-mail subscribes to the alarm topic', () => {
    const { Template } = jest.requireActual('aws-cdk-lib/assertions');
    const stack = new ChurnPredictionStack(createTestApp(), 'WithEmail', { settings: { ...DEV, alarmEmail: 'ops@example.com' } });
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
  });
});
