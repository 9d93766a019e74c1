import { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ChurnPredictionStack } from '../../lib/churn-prediction-stack';
import {
  DEV, InstanceCapacitySettings, PROD, StageSettings, stageSettingsProblems, STAGES,
} from '../../lib/stage-config';
import { createTestApp } from '../support/app';

const prodCapacity = PROD.capacity as InstanceCapacitySettings;

describe('stage settings', () => {
  test('the shipped stages are valid; prod keeps two instances at all times, dev is serverless', () => {
    for (const stage of STAGES) expect(stageSettingsProblems(stage)).toEqual([]);
    expect(PROD.requireMultiAz).toBe(true);
    expect(prodCapacity.kind).toBe('instances');
    expect(prodCapacity.initialInstanceCount).toBeGreaterThanOrEqual(2);
    expect(prodCapacity.minInstanceCount).toBeGreaterThanOrEqual(2);
    expect(prodCapacity.instanceType).not.toMatch(/^ml\.t/);
    expect(PROD.isolateInVpc).toBe(true);
    expect(DEV.capacity.kind).toBe('serverless');
  });

  test('Dev reserves no concurrency, so it deploys in a new account; Prod reserves 200', () => {
    expect(DEV.reservedConcurrency).toBeUndefined();
    expect(PROD.reservedConcurrency).toBe(200);
    expect(stageSettingsProblems({ ...PROD, reservedConcurrency: 0 })).toEqual(['reservedConcurrency must be a whole number ≥ 1, got 0']);
  });

  test('Prod has a web ACL and must page someone; Dev has neither (a development stage without customer traffic)', () => {
    expect(PROD.apiWebAclRequestsPerFiveMinutesPerIp).toBe(60_000);
    expect(PROD.requireAlarmSubscription).toBe(true);
    expect(DEV.apiWebAclRequestsPerFiveMinutesPerIp).toBeUndefined();
    expect(DEV.requireAlarmSubscription).toBeUndefined();
  });

  test('When data-capture readers are named wrongly, or without capture: each problem is named', () => {
    expect(stageSettingsProblems({ ...PROD, dataCaptureReaderRoleNames: ['model-monitor', 'team/analyst', 'bad name'] })).toEqual([
      'dataCaptureReaderRoleNames holds "bad name", which is not a role name',
    ]);
    expect(stageSettingsProblems({ ...DEV, dataCaptureReaderRoleNames: ['model-monitor'] })).toEqual([
      'dataCaptureReaderRoleNames names readers of captured data; set dataCaptureSamplingPercent too',
    ]);
  });

  test('both stages band risk at 0.3 and 0.7 and recommend an action per band', () => {
    for (const stage of STAGES) {
      expect([stage.mediumRiskThreshold, stage.highRiskThreshold]).toEqual([0.3, 0.7]);
      expect(stage.recommendedActions).toEqual({ low: 'none', medium: 'engagement-offer', high: 'retention-offer' });
    }
  });

  test('When a multi-AZ stage drops to one instance: each problem is named', () => {
    const problems = stageSettingsProblems({
      ...PROD, capacity: { ...prodCapacity, minInstanceCount: 1, initialInstanceCount: 1, offHours: { minInstanceCount: 1, timeZone: 'Europe/Paris' } },
    });
    expect(problems).toEqual([
      'minInstanceCount must be ≥ 2 when requireMultiAz is set, got 1',
      'initialInstanceCount must be ≥ 2 when requireMultiAz is set, got 1',
      'offHours.minInstanceCount must be ≥ 2 when requireMultiAz is set, got 1',
    ]);
  });

  test('When a serverless stage asks for what serverless endpoints lack: each is named', () => {
    const problems = stageSettingsProblems({
      ...DEV,
      isolateInVpc: true,
      dataCaptureSamplingPercent: 10,
      deployment: { trafficShifting: 'canary', canaryInstanceCount: 1, canaryMinutes: 5, bakeMinutes: 5 },
    });
    expect(problems).toEqual([
      'isolateInVpc is not available with serverless capacity',
      'dataCaptureSamplingPercent is not available with serverless capacity',
      'a canary of instances needs instance capacity; use all-at-once with serverless',
    ]);
  });

  test('When several settings are wrong: the stack throws once, naming all of them', () => {
    const broken: StageSettings = {
      ...PROD, name: 'prod stage', apiRateLimit: 0, apiBurstLimit: -1,
      latencyBudgetMillis: { ...PROD.latencyBudgetMillis, model: 0 }, maxEndpointErrorRatePercent: 0, alarmMinimumRequestsPerMinute: 0.5, alarmEmail: 'ops',
    };
    expect(() => new ChurnPredictionStack(createTestApp(), 'Broken', { settings: broken })).toThrow(new RegExp([
      'name must be PascalCase', 'apiRateLimit must be > 0', 'apiBurstLimit',
      'latencyBudgetMillis: latency budget model must be > 0 ms, got 0', 'maxEndpointErrorRatePercent must be in \\(0, 100\\], got 0',
      'alarmMinimumRequestsPerMinute must be a whole number ≥ 1, got 0.5', 'alarmEmail',
    ].join('[\\s\\S]*')));
  });

  test('When a stage\'s latency budget parts add up to more than its end-to-end budget: the sum is named', () => {
    expect(stageSettingsProblems({ ...PROD, latencyBudgetMillis: { ...PROD.latencyBudgetMillis, model: 200 } })).toEqual([
      'latencyBudgetMillis: latency budget parts (apiGatewayOverhead + lambdaOverhead + sageMakerOverhead + model = 330 ms) must not exceed endToEnd (300 ms)',
    ]);
  });

  test('When the stage is valid but the endpoint is not (a canary larger than half the fleet): the construct names it', () => {
    const settings: StageSettings = { ...PROD, deployment: { trafficShifting: 'canary', canaryInstanceCount: 2, canaryMinutes: 10, bakeMinutes: 10 } };
    expect(stageSettingsProblems(settings)).toEqual([]);
    expect(() => new ChurnPredictionStack(createTestApp(), 'BigCanary', { settings }))
      .toThrow(/deployment CANARY size 2 instance\(s\) must be at most 50% of a variant's 2 minimum instance\(s\)/);
  });

  test('an alarm e-mail subscribes to both alarm topics', () => {
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

  test('off-hours floor: a lower minimum from 20:00, the usual one back at 07:00 on weekdays, in the stage\'s time zone', () => {
    const settings: StageSettings = {
      ...PROD, name: 'Staging', requireMultiAz: false, isolateInVpc: false, dataCaptureSamplingPercent: undefined,
      capacity: { ...prodCapacity, minInstanceCount: 2, offHours: { minInstanceCount: 1, timeZone: 'Europe/Paris' } },
    };
    const template = Template.fromStack(new ChurnPredictionStack(createTestApp(), 'Staging', { settings }));
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 2,
      ScheduledActions: [
        { ScheduledActionName: 'OffHoursFloor', Schedule: 'cron(0 20 * * ? *)', ScalableTargetAction: { MinCapacity: 1 }, Timezone: 'Europe/Paris' },
        { ScheduledActionName: 'WorkingHoursFloor', Schedule: 'cron(0 7 ? * MON-FRI *)', ScalableTargetAction: { MinCapacity: 2 }, Timezone: 'Europe/Paris' },
      ],
    });
  });

  test('the instance-type runbook switch and auto rollback reach the template', () => {
    const settings: StageSettings = {
      ...PROD, name: 'Switching',
      capacity: { ...prodCapacity, autoScalingEnabled: false },
      deployment: { trafficShifting: 'canary', canaryInstanceCount: 1, canaryMinutes: 10, bakeMinutes: 10, autoRollback: false },
    };
    const template = Template.fromStack(new ChurnPredictionStack(createTestApp(), 'Switching', { settings }));
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    template.hasResourceProperties('AWS::SageMaker::Endpoint', {
      DeploymentConfig: { BlueGreenUpdatePolicy: Match.anyValue(), AutoRollbackConfiguration: Match.absent() },
    });
  });
});
