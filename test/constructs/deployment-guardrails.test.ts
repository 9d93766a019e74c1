import { Duration, Stack } from 'aws-cdk-lib';
import { Capture, Match, Template } from 'aws-cdk-lib/assertions';
import { ChurnModelEndpoint } from '../../lib/endpoint/churn-model-endpoint';
import { ShiftSize, TrafficShifting } from '../../lib/endpoint/deployment-guardrails';
import { VariantCapacity } from '../../lib/endpoint/variant-capacity';
import { createTestApp } from '../support/app';

function synth(props: ConstructorParameters<typeof ChurnModelEndpoint>[2]) {
  const stack = new Stack(createTestApp(), 'Shop');
  const endpoint = new ChurnModelEndpoint(stack, 'Endpoint', props);
  return { stack, endpoint, template: Template.fromStack(stack) };
}

describe('deployment guardrails', () => {
  test('default: blue/green all at once, a 5-minute bake, a 1-hour limit, rollback on both alarms', () => {
    const { template, endpoint } = synth({});
    template.hasResourceProperties('AWS::SageMaker::Endpoint', {
      DeploymentConfig: {
        BlueGreenUpdatePolicy: {
          TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE' },
          TerminationWaitInSeconds: 300,
          MaximumExecutionTimeoutInSeconds: 3600,
        },
        AutoRollbackConfiguration: { Alarms: endpoint.rollbackAlarms.alarmNames.map((AlarmName) => ({ AlarmName })) },
      },
    });
  });

  test('canary: the first step is one instance, ten minutes before the rest', () => {
    const { template } = synth({
      deployment: { trafficShifting: TrafficShifting.canary({ size: ShiftSize.instances(1), wait: Duration.minutes(10) }), bakeTime: Duration.minutes(15) },
    });
    template.hasResourceProperties('AWS::SageMaker::Endpoint', {
      DeploymentConfig: Match.objectLike({
        BlueGreenUpdatePolicy: {
          TrafficRoutingConfiguration: { Type: 'CANARY', CanarySize: { Type: 'INSTANCE_COUNT', Value: 1 }, WaitIntervalInSeconds: 600 },
          TerminationWaitInSeconds: 900,
          MaximumExecutionTimeoutInSeconds: 3600,
        },
      }),
    });
  });

  test('linear: steps of a quarter of the capacity, five minutes apart', () => {
    const { template } = synth({
      capacity: VariantCapacity.instances({ initialInstanceCount: 4 }),
      deployment: { trafficShifting: TrafficShifting.linear({ stepSize: ShiftSize.percent(25), wait: Duration.minutes(5) }) },
    });
    template.hasResourceProperties('AWS::SageMaker::Endpoint', {
      DeploymentConfig: Match.objectLike({
        BlueGreenUpdatePolicy: Match.objectLike({
          TrafficRoutingConfiguration: { Type: 'LINEAR', LinearStepSize: { Type: 'CAPACITY_PERCENT', Value: 25 }, WaitIntervalInSeconds: 300 },
        }),
      }),
    });
  });

  test('without auto rollback: no alarms in the deployment config, and the role may not read them', () => {
    const { template } = synth({ deployment: { autoRollback: false } });
    template.hasResourceProperties('AWS::SageMaker::Endpoint', {
      DeploymentConfig: { BlueGreenUpdatePolicy: Match.anyValue(), AutoRollbackConfiguration: Match.absent() },
    });
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    expect(JSON.stringify(statements)).not.toContain('cloudwatch:DescribeAlarms');
  });
});

describe('rollback alarms', () => {
  const { stack, endpoint, template } = synth({ rollbackAlarms: { maxErrorRatePercent: 2, modelLatencyP99Threshold: Duration.millis(150) } });
  const endpointName = endpoint.endpointName;
  const dimensions = [
    { Name: 'EndpointName', Value: endpointName },
    { Name: 'VariantName', Value: 'AllTraffic' },
  ];

  test('5XX error rate: the average of Invocation5XXErrors (1 or 0 per request) above 2%, 2 of 3 minutes', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SageMaker', MetricName: 'Invocation5XXErrors', Statistic: 'Average', Period: 60,
      Threshold: 0.02, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 3, DatapointsToAlarm: 2,
      TreatMissingData: 'notBreaching', Dimensions: dimensions,
    });
  });

  test('latency: p99 ModelLatency above 150 ms (in microseconds), 2 of 3 minutes', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SageMaker', MetricName: 'ModelLatency', ExtendedStatistic: 'p99', Period: 60,
      Threshold: 150_000, EvaluationPeriods: 3, DatapointsToAlarm: 2, Dimensions: dimensions,
    });
  });

  test('the endpoint names the alarms by plain string and depends on them: they exist before it, with no cycle', () => {
    const alarmNames = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((alarm: any) => alarm.Properties.AlarmName);
    expect(alarmNames).toEqual(endpoint.rollbackAlarms.alarmNames);
    for (const name of alarmNames) expect(typeof name).toBe('string');
    const configured = new Capture();
    template.hasResourceProperties('AWS::SageMaker::Endpoint', { DeploymentConfig: Match.objectLike({ AutoRollbackConfiguration: { Alarms: configured } }) });
    expect(configured.asArray().map((alarm: any) => alarm.AlarmName)).toEqual(alarmNames);
    const [endpointResource] = Object.values(template.findResources('AWS::SageMaker::Endpoint')) as any[];
    const alarmIds = Object.keys(template.findResources('AWS::CloudWatch::Alarm'));
    expect(endpointResource.DependsOn).toEqual(expect.arrayContaining(alarmIds));
    // No reference either way: the alarms measure the endpoint by its synth-time name.
    expect(JSON.stringify(endpointResource.Properties)).not.toMatch(new RegExp(alarmIds.join('|')));
    for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm')) as any[]) {
      expect(JSON.stringify(alarm)).not.toContain(stack.getLogicalId(endpoint.cfnEndpoint));
    }
  });

  test('names are derived from the stack name and construct path, unique per variant and kind', () => {
    expect(endpoint.rollbackAlarms.alarmNames).toEqual([
      expect.stringMatching(/^Shop-Endpoint-RollbackAlarms-AllTraffic-[0-9A-F]{8}-ErrorRate$/),
      expect.stringMatching(/^Shop-Endpoint-RollbackAlarms-AllTraffic-[0-9A-F]{8}-ModelLatencyP99$/),
    ]);
  });

  test('the execution role may describe exactly these alarms (SageMaker reads them during a deployment)', () => {
    const roleId = stack.getLogicalId(endpoint.executionRole.node.defaultChild as never);
    const statements = new Capture();
    template.hasResourceProperties('AWS::IAM::Policy', { Roles: [{ Ref: roleId }], PolicyDocument: { Statement: statements } });
    const [describe] = statements.asArray().filter((s: any) => s.Action === 'cloudwatch:DescribeAlarms');
    expect(describe.Resource).toHaveLength(2);
    endpoint.rollbackAlarms.alarmNames.forEach((name, index) => {
      expect(JSON.stringify(describe.Resource[index])).toContain(`:alarm:${name}"`);
    });
  });
});
