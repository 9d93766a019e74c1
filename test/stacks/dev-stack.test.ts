import { CfnElement } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Severity } from '../../lib/monitoring/core/severity';
import { DEV } from '../../lib/stage-config';
import { alarmReading, alarmsWithoutSeverityOrAction, criticalAlarmsOutsideComposites, dashboardBody, severityOf, widgetMetrics } from '../support/monitoring-template';
import { stageTemplate } from '../support/stage-templates';

const { stack, template } = stageTemplate(DEV);
const endpoint = stack.service.modelEndpoint;
const monitoring = stack.service.monitoring;
const logicalId = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
const alarms = template.findResources('AWS::CloudWatch::Alarm') as Record<string, { Properties: any }>;

/** The metric names every alarm of the template reads, each once. */
function metricNamesAlarmed(namespace: string): string[] {
  const names = Object.values(alarms).flatMap(({ Properties: p }) => (p.Metrics === undefined
    ? [{ Namespace: p.Namespace, MetricName: p.MetricName }]
    : p.Metrics.filter((m: any) => m.MetricStat !== undefined).map((m: any) => m.MetricStat.Metric)))
    .filter((metric: any) => metric.Namespace === namespace)
    .map((metric: any) => metric.MetricName as string);
  return [...new Set(names)].sort();
}

describe('Dev stage', () => {
  test('a serverless endpoint: 2 GB, at most 5 concurrent invocations, nothing provisioned, nothing paid while idle', () => {
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [{
        VariantName: 'AllTraffic', InitialVariantWeight: 1, ModelName: Match.anyValue(),
        ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 },
      }],
      KmsKeyId: Match.absent(),
      DataCaptureConfig: Match.absent(),
    });
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    expect(endpoint.serverless).toBe(true);
  });

  test('no VPC, NAT or capture bucket: none is available to (or needed by) a serverless endpoint', () => {
    template.resourceCountIs('AWS::EC2::VPC', 0);
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.hasResourceProperties('AWS::SageMaker::Model', { VpcConfig: Match.absent(), EnableNetworkIsolation: false });
  });

  test('updates roll out all at once, with a 5-minute bake and auto rollback on the endpoint\'s alarms', () => {
    template.hasResourceProperties('AWS::SageMaker::Endpoint', {
      DeploymentConfig: {
        BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE' }, TerminationWaitInSeconds: 300, MaximumExecutionTimeoutInSeconds: 3600 },
        AutoRollbackConfiguration: { Alarms: endpoint.rollbackAlarms.alarmNames.map((AlarmName) => ({ AlarmName })) },
      },
    });
  });

  test('no reserved concurrency, so the stage deploys in a new account (concurrency quota 10)', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs24.x', ReservedConcurrentExecutions: Match.absent() });
  });

  test('its own throttling, latency budget and traffic guard', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: [Match.objectLike({ ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 })],
    });
    // Dev's budget: 2500 ms end to end, 200 ms model; 5 requests a minute before a rate counts.
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: Match.stringLikeRegexp('end-to-end latency'),
      Threshold: 2500,
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'IF(FILL(l_requests, 0) >= 5, l_latency, 0)' })]),
    });
  });

  test('the rollback alarms use the budget\'s model part (200 ms, in microseconds) and Dev\'s 5 % error rate', () => {
    const [errorRate, latency] = [endpoint.rollbackAlarms.errorRateAlarms.AllTraffic, endpoint.rollbackAlarms.latencyAlarms.AllTraffic];
    expect(template.toJSON().Resources[logicalId(errorRate)].Properties).toMatchObject({ MetricName: 'Invocation5XXErrors', Statistic: 'Average', Threshold: 0.05 });
    expect(template.toJSON().Resources[logicalId(latency)].Properties).toMatchObject({ MetricName: 'ModelLatency', ExtendedStatistic: 'p99', Threshold: 200_000 });
  });
});

describe('Dev stage: monitoring of a serverless endpoint', () => {
  const variantAlarmIds = () => (monitoring.node.findChild('Endpoint').node.findChild('AllTraffic').node.children
    .filter((c) => c instanceof cloudwatch.Alarm).map((c) => c.node.id).sort());

  test('the serverless alarms (concurrency utilization, ModelSetupTime, memory), and no instance alarm', () => {
    expect(variantAlarmIds()).toEqual([
      'Variant4xxRateWarning', 'VariantConcurrencyUtilizationWarning', 'VariantMemoryUtilizationWarning',
      'VariantModelSetupTimeWarning', 'VariantOverheadLatencyP99Warning',
    ]);
    expect(metricNamesAlarmed('AWS/SageMaker')).toEqual([
      'Invocation4XXErrors', 'Invocation5XXErrors', 'Invocations', 'ModelLatency', 'ModelSetupTime', 'OverheadLatency',
      'ServerlessConcurrentExecutionsUtilization',
    ]);
    // Serverless variants publish memory only: no CPU or disk, and no InvocationsPerInstance.
    expect(metricNamesAlarmed('/aws/sagemaker/Endpoints')).toEqual(['MemoryUtilization']);
  });

  test('concurrency warns at 80 % of its 5 executions (a 0–1 ratio); a cold start warns from 10 s (microseconds)', () => {
    const by = (metricName: string) => alarmReading(template, metricName);
    expect(by('ServerlessConcurrentExecutionsUtilization')).toMatchObject({ Threshold: 0.8, Statistic: 'Maximum', TreatMissingData: 'notBreaching' });
    expect(by('ServerlessConcurrentExecutionsUtilization').AlarmDescription).toMatch(/maximum concurrency \(5\)/);
    expect(by('ModelSetupTime')).toMatchObject({ Threshold: 10_000_000, Statistic: 'Maximum' });
    expect(by('MemoryUtilization')).toMatchObject({ Threshold: 80, Statistic: 'Average', TreatMissingData: 'notBreaching' });
  });

  test('the rollback alarms are the critical 5XX-rate and ModelLatency alarms: adopted once, in the composite', () => {
    const rollback = endpoint.rollbackAlarms.alarms;
    expect(monitoring.alarmsOf(Severity.CRITICAL)).toEqual(expect.arrayContaining(rollback));
    for (const alarm of rollback) expect(severityOf(alarms[logicalId(alarm)])).toBe('critical');
    const modelLatencyAlarms = Object.values(alarms).filter(({ Properties: p }) => p.MetricName === 'ModelLatency'
      || (p.Metrics ?? []).some((m: any) => m.MetricStat?.Metric.MetricName === 'ModelLatency'));
    expect(modelLatencyAlarms).toHaveLength(1);
    expect(criticalAlarmsOutsideComposites(template)).toEqual([]);
    expect(alarmsWithoutSeverityOrAction(template)).toEqual([]);
  });

  test('the dashboard graphs serverless concurrency and cold starts, not instances', () => {
    const widgets = dashboardBody(template).widgets.filter((w: any) => w.type === 'metric');
    const titles = widgets.map((w: any) => w.properties.title);
    expect(titles).toContain('AllTraffic: serverless concurrency and cold starts');
    expect(titles.filter((t: string) => /instances|utilization/.test(t))).toEqual([]);
    const names = widgets.flatMap((w: any) => widgetMetrics(w).metrics.map((m) => m.metricName));
    expect(names).not.toContain('CPUUtilization');
    expect(names).not.toContain('InvocationsPerInstance');
  });

  test('the API metrics name this stack\'s API and its `live` stage', () => {
    const api = stack.service.api.restApi;
    expect(template.toJSON().Resources[logicalId(api)].Properties.Name).toBe('ChurnPrediction-Dev-predictions');
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([Match.objectLike({
        MetricStat: Match.objectLike({ Metric: {
          Namespace: 'AWS/ApiGateway', MetricName: '5XXError',
          Dimensions: [{ Name: 'ApiName', Value: 'ChurnPrediction-Dev-predictions' }, { Name: 'Stage', Value: { Ref: logicalId(api.deploymentStage) } }],
        } }),
      })]),
    });
    template.hasResourceProperties('AWS::ApiGateway::Stage', { StageName: 'live' });
  });
});
