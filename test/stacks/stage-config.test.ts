import { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ChurnPredictionStack } from '../../lib/churn-prediction-stack';
import { InvalidPropsError } from '../../lib/invalid-props-error';
import { DEV, InstanceCapacitySettings, PROD, StageSettings, stageOnlyProblems, STAGES } from '../../lib/stage-config';
import { createTestApp } from '../support/app';

const prodCapacity = PROD.endpoint.capacity as InstanceCapacitySettings;

/** The problems a stack reports for the settings, in one InvalidPropsError (none when it builds). */
function problemsOf(settings: StageSettings): readonly string[] {
  try {
    new ChurnPredictionStack(createTestApp(), `ChurnPrediction-${settings.name.replace(/[^A-Za-z0-9]/g, '')}`, { settings });
    return [];
  } catch (error) {
    if (error instanceof InvalidPropsError) return error.problems;
    throw error;
  }
}

describe('stage settings', () => {
  test('the shipped stages: prod keeps two instances at all times in a VPC, dev is serverless', () => {
    for (const stage of STAGES) expect(stageOnlyProblems(stage)).toEqual([]);
    expect(PROD.endpoint.requireMultiAz).toBe(true);
    expect(prodCapacity.kind).toBe('instances');
    expect(prodCapacity.initialInstanceCount).toBeGreaterThanOrEqual(2);
    expect(prodCapacity.autoScaling.minInstanceCount).toBeGreaterThanOrEqual(2);
    expect(prodCapacity.instanceType).not.toMatch(/^ml\.t/);
    expect(PROD.network.kind).toBe('managed-vpc');
    expect(DEV.endpoint.capacity.kind).toBe('serverless');
  });

  test('Dev reserves no concurrency, so it deploys in a new account; Prod reserves 200', () => {
    expect(DEV.predictions.reservedConcurrentExecutions).toBeUndefined();
    expect(PROD.predictions.reservedConcurrentExecutions).toBe(200);
    expect(problemsOf({ ...PROD, predictions: { ...PROD.predictions, reservedConcurrentExecutions: 0 } }))
      .toEqual(['predictions.reservedConcurrentExecutions must be a whole number ≥ 1, got 0']);
  });

  test('Prod has a web ACL and must page someone; Dev has neither (a development stage without customer traffic)', () => {
    expect(PROD.api.webAclRequestsPerFiveMinutesPerIp).toBe(60_000);
    expect(PROD.monitoring.requireAlarmSubscription).toBe(true);
    expect(DEV.api.webAclRequestsPerFiveMinutesPerIp).toBeUndefined();
    expect(DEV.monitoring.requireAlarmSubscription).toBeUndefined();
  });

  test('a data-capture reader that is not an IAM role name is named, with its path', () => {
    const readers = (readerRoleNames: string[]) => ({ ...PROD, endpoint: { ...PROD.endpoint, dataCapture: { samplingPercentage: 10, readerRoleNames } } });
    expect(stageOnlyProblems(readers(['model-monitor', 'team/analyst', 'bad name']))).toEqual([
      'endpoint.dataCapture.readerRoleNames holds "bad name", which is not a role name',
    ]);
  });

  test('both stages band risk at 0.3 and 0.7 and recommend an action per band', () => {
    for (const stage of STAGES) {
      expect([stage.predictions.mediumRiskThreshold, stage.predictions.highRiskThreshold]).toEqual([0.3, 0.7]);
      expect(stage.predictions.recommendedActions).toEqual({ low: 'none', medium: 'engagement-offer', high: 'retention-offer' });
    }
  });

  test('When a multi-AZ stage drops to one instance: each problem is named with its path', () => {
    const problems = problemsOf({
      ...PROD,
      endpoint: {
        ...PROD.endpoint,
        capacity: { ...prodCapacity, initialInstanceCount: 1, autoScaling: { ...prodCapacity.autoScaling, minInstanceCount: 1, offHours: { minInstanceCount: 1, timeZone: 'Europe/Paris' } } },
      },
    });
    expect(problems).toEqual(expect.arrayContaining([
      'endpoint.capacity.initialInstanceCount must be ≥ 2 to span Availability Zones (requireMultiAz), got 1',
      'endpoint.capacity.autoScaling.minInstanceCount must be ≥ 2 to span Availability Zones (requireMultiAz), got 1',
      'endpoint.capacity.autoScaling.schedules (OffHoursFloor).minInstanceCount must be ≥ 2 to span Availability Zones (requireMultiAz), got 1',
    ]));
  });

  test('When a serverless stage asks for what serverless endpoints lack: each is named', () => {
    const problems = problemsOf({
      ...DEV,
      network: { kind: 'managed-vpc' },
      endpoint: {
        ...DEV.endpoint,
        dataCapture: { samplingPercentage: 10 },
        deployment: { trafficShifting: 'canary', canaryInstanceCount: 1, canaryMinutes: 5, bakeMinutes: 5 },
      },
    });
    expect(problems).toEqual(expect.arrayContaining([
      'network is not available with serverless capacity: serverless endpoints cannot run in a VPC',
      'endpoint.dataCapture is not available with serverless capacity',
      expect.stringMatching(/^endpoint\.deployment CANARY size in instances needs instance variants/),
    ]));
  });

  test('When several settings are wrong: the stack throws once, naming all of them in the settings\' paths', () => {
    const broken: StageSettings = {
      ...PROD,
      name: 'prod stage',
      api: { throttle: { rateLimit: 0, burstLimit: -1 } },
      monitoring: {
        latencyBudgetMillis: { ...PROD.monitoring.latencyBudgetMillis, model: 0 },
        maxEndpointErrorRatePercent: 0,
        thresholds: { minimumRequestsPerMinute: 0.5 },
        alarmEmail: 'ops',
      },
    };
    expect(problemsOf(broken)).toEqual([
      'name must be PascalCase letters and digits, got "prod stage"',
      'monitoring.latencyBudgetMillis: latency budget model must be > 0 ms, got 0',
      'monitoring.maxEndpointErrorRatePercent must be in (0, 100], got 0',
      'api.throttle.rateLimit must be > 0, got 0',
      'api.throttle.burstLimit must be a whole number ≥ throttle.rateLimit (0), got -1',
      'monitoring.thresholds.minimumRequestsPerMinute must be a whole number ≥ 1, got 0.5',
      'monitoring.alarmEmail is not an e-mail address: "ops"',
    ]);
  });

  test('When a stage\'s latency budget parts add up to more than its end-to-end budget: the sum is named', () => {
    expect(stageOnlyProblems({ ...PROD, monitoring: { ...PROD.monitoring, latencyBudgetMillis: { ...PROD.monitoring.latencyBudgetMillis, model: 200 } } })).toEqual([
      'monitoring.latencyBudgetMillis: latency budget parts (apiGatewayOverhead + lambdaOverhead + sageMakerOverhead + model = 330 ms) must not exceed endToEnd (300 ms)',
    ]);
  });

  test('When the endpoint cannot take the deployment (a canary larger than half the fleet): it is named with its path', () => {
    const settings: StageSettings = {
      ...PROD, endpoint: { ...PROD.endpoint, deployment: { trafficShifting: 'canary', canaryInstanceCount: 2, canaryMinutes: 10, bakeMinutes: 10 } },
    };
    expect(problemsOf(settings)).toEqual([
      expect.stringMatching(/^endpoint\.deployment CANARY size 2 instance\(s\) must be at most 50% of a variant's 2 minimum instance\(s\)/),
    ]);
  });

  test('an alarm e-mail subscribes to both alarm topics', () => {
    const stack = new ChurnPredictionStack(createTestApp(), 'WithEmail', { settings: { ...DEV, monitoring: { ...DEV.monitoring, alarmEmail: 'ops@example.com' } } });
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
      ...PROD,
      name: 'Staging',
      network: { kind: 'none' },
      endpoint: {
        ...PROD.endpoint,
        requireMultiAz: false,
        dataCapture: undefined,
        capacity: { ...prodCapacity, autoScaling: { ...prodCapacity.autoScaling, minInstanceCount: 2, offHours: { minInstanceCount: 1, timeZone: 'Europe/Paris' } } },
      },
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
      ...PROD,
      name: 'Switching',
      endpoint: {
        ...PROD.endpoint,
        capacity: { ...prodCapacity, autoScaling: { ...prodCapacity.autoScaling, enabled: false } },
        deployment: { trafficShifting: 'canary', canaryInstanceCount: 1, canaryMinutes: 10, bakeMinutes: 10, autoRollback: false },
      },
    };
    const template = Template.fromStack(new ChurnPredictionStack(createTestApp(), 'Switching', { settings }));
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    template.hasResourceProperties('AWS::SageMaker::Endpoint', {
      DeploymentConfig: { BlueGreenUpdatePolicy: Match.anyValue(), AutoRollbackConfiguration: Match.absent() },
    });
  });
});
