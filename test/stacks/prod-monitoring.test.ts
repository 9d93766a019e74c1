import { CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { ChurnPredictionStack } from '../../lib/churn-prediction-stack';
import { PROD } from '../../lib/stage-config';
import { createTestApp } from '../support/app';
import {
  alarmsWithoutSeverityOrAction, criticalAlarmsOutsideComposites, dashboardBody, severityOf, widgetMetrics,
} from '../support/monitoring-template';
import { stageTemplate } from '../support/stage-templates';

const { stack, template } = stageTemplate(PROD);
const service = stack.service;
const monitoring = service.monitoring;
const logicalId = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
const criticalTopic = { Ref: logicalId(monitoring.topics.critical) };
const warningTopic = { Ref: logicalId(monitoring.topics.warning) };
const endpointName = service.modelEndpoint.endpointName;
const functionName = { Ref: logicalId(service.predictFunction.function) };
const stageRef = { Ref: logicalId(service.api.restApi.deploymentStage) };
// The model-quality warnings (drift, answer distribution) have their own tests: test/stacks/model-quality.test.ts.
const modelQualityIds = new Set(service.modelQuality.alarms.map((a) => stack.getLogicalId((a.alarm as cloudwatch.Alarm).node.defaultChild as CfnElement)));
const alarms = Object.fromEntries(Object.entries(template.findResources('AWS::CloudWatch::Alarm'))
  .filter(([id]) => !modelQualityIds.has(id))) as Record<string, { Properties: any }>;

/**
 * The alarm at a path under the monitoring construct, e.g. `Api/Api5xxRateCritical`, or under the
 * endpoint for the rollback alarms monitoring adopts (`ModelEndpoint/RollbackAlarms/…`).
 */
function alarmAt(alarmPath: string): { id: string; props: any } {
  const root = alarmPath.startsWith('ModelEndpoint/') ? service : monitoring;
  const construct = alarmPath.split('/').reduce((scope, id) => scope.node.findChild(id), root as { node: any });
  const id = stack.getLogicalId((construct as cloudwatch.Alarm).node.defaultChild as CfnElement);
  return { id, props: alarms[id].Properties };
}

/** [namespace, metric, statistic, period] of every metric an alarm reads. */
function metricStats(props: any): string[][] {
  if (props.Metrics === undefined) return [[props.Namespace, props.MetricName, props.ExtendedStatistic ?? props.Statistic, String(props.Period)]];
  return props.Metrics.filter((m: any) => m.MetricStat !== undefined)
    .map((m: any) => [m.MetricStat.Metric.Namespace, m.MetricStat.Metric.MetricName, m.MetricStat.Stat, String(m.MetricStat.Period)]);
}

const api = (metric: string, stat: string, period: number) => ['AWS/ApiGateway', metric, stat, String(period)];
const fn = (metric: string, stat: string, period: number) => ['AWS/Lambda', metric, stat, String(period)];
const sm = (metric: string, stat: string, period: number) => ['AWS/SageMaker', metric, stat, String(period)];
const instance = (metric: string, stat: string, period: number) => ['/aws/sagemaker/Endpoints', metric, stat, String(period)];

// Every alarm Prod must have: severity, metrics (namespace, name, statistic, period), threshold,
// and what a window without data means. Thresholds are Prod's settings: the latency budget
// 300 = 50 + 50 + 30 + 100 ms (+ 70 headroom), 10 requests a minute, 200 requests/s per ml.c5.xlarge (4 vCPUs).
// The endpoint's rollback alarms are adopted as the variant's critical 5XX-rate and ModelLatency
// alarms: SageMaker's shape (one-minute windows, 2 of 3, strictly greater), Prod's 1 % error rate
// and the budget's model part.
const ROLLBACK = { comparison: 'GreaterThanThreshold', evaluation: [3, 2] };
const EXPECTED: Array<{
  path: string; severity: string; threshold: number; missing: string; metrics: string[][]; expression?: string;
  comparison?: string; evaluation?: number[];
}> = [
  { path: 'Api/Api5xxRateCritical', severity: 'critical', threshold: 5, missing: 'notBreaching', metrics: [api('5XXError', 'Sum', 60), api('Count', 'Sum', 60)],
    expression: 'IF(FILL(r_requests, 0) >= 10, 100 * FILL(r_failures, 0) / FILL(r_requests, 0), 0)' },
  { path: 'Api/Api5xxRateWarning', severity: 'warning', threshold: 1, missing: 'notBreaching', metrics: [api('5XXError', 'Sum', 300), api('Count', 'Sum', 300)],
    expression: 'IF(FILL(r_requests, 0) >= 50, 100 * FILL(r_failures, 0) / FILL(r_requests, 0), 0)' },
  { path: 'Api/Api4xxRateWarning', severity: 'warning', threshold: 25, missing: 'notBreaching', metrics: [api('4XXError', 'Sum', 300), api('Count', 'Sum', 300)] },
  { path: 'Api/ApiLatencyP99Critical', severity: 'critical', threshold: 300, missing: 'notBreaching', metrics: [api('Latency', 'p99', 60), api('Count', 'Sum', 60)],
    expression: 'IF(FILL(l_requests, 0) >= 10, l_latency, 0)' },
  { path: 'Function/FunctionErrorRateCritical', severity: 'critical', threshold: 5, missing: 'notBreaching', metrics: [fn('Errors', 'Sum', 60), fn('Invocations', 'Sum', 60)] },
  { path: 'Function/FunctionErrorRateWarning', severity: 'warning', threshold: 1, missing: 'notBreaching', metrics: [fn('Errors', 'Sum', 300), fn('Invocations', 'Sum', 300)] },
  { path: 'Function/FunctionThrottleRateCritical', severity: 'critical', threshold: 1, missing: 'notBreaching', metrics: [fn('Throttles', 'Sum', 60), fn('Invocations', 'Sum', 60)],
    expression: 'IF((FILL(r_requests, 0) + FILL(r_failures, 0)) >= 10, 100 * FILL(r_failures, 0) / (FILL(r_requests, 0) + FILL(r_failures, 0)), 0)' },
  { path: 'Function/FunctionThrottleRateWarning', severity: 'warning', threshold: 0.1, missing: 'notBreaching', metrics: [fn('Throttles', 'Sum', 300), fn('Invocations', 'Sum', 300)] },
  // 0.8 × the 25 s timeout
  { path: 'Function/FunctionDurationP99Critical', severity: 'critical', threshold: 20_000, missing: 'notBreaching', metrics: [fn('Duration', 'p99', 60), fn('Invocations', 'Sum', 60)] },
  // Lambda 50 + SageMaker overhead 30 + model 100
  { path: 'Function/FunctionDurationP99Warning', severity: 'warning', threshold: 180, missing: 'notBreaching', metrics: [fn('Duration', 'p99', 300), fn('Invocations', 'Sum', 300)] },
  { path: 'ModelEndpoint/RollbackAlarms/AllTraffic/ErrorRate', severity: 'critical', threshold: 0.01, missing: 'notBreaching', metrics: [sm('Invocation5XXErrors', 'Average', 60)], ...ROLLBACK },
  // 100 ms in microseconds
  { path: 'ModelEndpoint/RollbackAlarms/AllTraffic/ModelLatencyP99', severity: 'critical', threshold: 100_000, missing: 'notBreaching', metrics: [sm('ModelLatency', 'p99', 60)], ...ROLLBACK },
  // 0.8 × Prod's 200 reserved concurrent executions
  { path: 'Function/FunctionConcurrencyWarning', severity: 'warning', threshold: 160, missing: 'notBreaching', metrics: [fn('ConcurrentExecutions', 'Maximum', 300)] },
  { path: 'Endpoint/AllTraffic/Variant4xxRateWarning', severity: 'warning', threshold: 1, missing: 'notBreaching', metrics: [sm('Invocation4XXErrors', 'Sum', 300), sm('Invocations', 'Sum', 300)] },
  { path: 'Endpoint/AllTraffic/VariantOverheadLatencyP99Warning', severity: 'warning', threshold: 30, missing: 'notBreaching', metrics: [sm('OverheadLatency', 'p99', 300), sm('Invocations', 'Sum', 300)],
    expression: 'IF(FILL(l_requests, 0) >= 50, l_latency / 1000, 0)' },
  // 80 % of each of 4 vCPUs
  { path: 'Endpoint/AllTraffic/VariantCpuUtilizationWarning', severity: 'warning', threshold: 320, missing: 'missing', metrics: [instance('CPUUtilization', 'Average', 300)] },
  { path: 'Endpoint/AllTraffic/VariantMemoryUtilizationWarning', severity: 'warning', threshold: 80, missing: 'missing', metrics: [instance('MemoryUtilization', 'Average', 300)] },
  { path: 'Endpoint/AllTraffic/VariantDiskUtilizationWarning', severity: 'warning', threshold: 80, missing: 'missing', metrics: [instance('DiskUtilization', 'Average', 300)] },
  // 0.8 × 200 requests/s × 60 s × 5 minutes
  { path: 'Endpoint/AllTraffic/VariantInvocationsPerInstanceWarning', severity: 'warning', threshold: 48_000, missing: 'notBreaching', metrics: [sm('InvocationsPerInstance', 'Sum', 300)] },
  { path: 'Endpoint/RequestsNotReachingModelCritical', severity: 'critical', threshold: 1, missing: 'notBreaching',
    metrics: [api('Count', 'Sum', 60), api('4XXError', 'Sum', 60), sm('Invocations', 'Sum', 60)],
    expression: 'IF(FILL(api_count, 0) - FILL(api_4xx, 0) >= 10, IF(FILL(variant0_invocations, 0) == 0, 1, 0), 0)' },
];

describe('Prod stage: every alarm', () => {
  test('the template holds exactly the expected alarms', () => {
    expect(Object.keys(alarms).sort()).toEqual(EXPECTED.map((e) => alarmAt(e.path).id).sort());
  });

  test.each(EXPECTED)('$path: metrics, statistic, period, threshold, missing data, evaluation and severity', (expected) => {
    const { props } = alarmAt(expected.path);
    expect(metricStats(props).sort()).toEqual([...expected.metrics].sort());
    expect(props.Threshold).toBe(expected.threshold);
    expect(props.ComparisonOperator).toBe(expected.comparison ?? 'GreaterThanOrEqualToThreshold');
    expect(props.TreatMissingData).toBe(expected.missing);
    expect(severityOf({ Properties: props })).toBe(expected.severity);
    expect([props.EvaluationPeriods, props.DatapointsToAlarm]).toEqual(expected.evaluation ?? (expected.severity === 'critical' ? [5, 3] : [3, 2]));
    if (props.Metrics !== undefined) {
      const returned = props.Metrics.filter((m: any) => m.ReturnData !== false);
      expect(returned).toHaveLength(1);
      if (expected.expression !== undefined) expect(returned[0].Expression).toBe(expected.expression);
    }
  });

  test.each(EXPECTED)('$path: notifies the warning topic on alarm and on recovery, never the critical one', (expected) => {
    const { props } = alarmAt(expected.path);
    expect(props.AlarmActions).toEqual([warningTopic]);
    expect(props.OKActions).toEqual([warningTopic]);
  });

  test('the metrics carry the dimensions of this stage\'s endpoint variant, function and API stage', () => {
    const dimensionsByNamespace: Record<string, unknown> = {
      'AWS/SageMaker': [{ Name: 'EndpointName', Value: endpointName }, { Name: 'VariantName', Value: 'AllTraffic' }],
      '/aws/sagemaker/Endpoints': [{ Name: 'EndpointName', Value: endpointName }, { Name: 'VariantName', Value: 'AllTraffic' }],
      'AWS/Lambda': [{ Name: 'FunctionName', Value: functionName }],
      'AWS/ApiGateway': [{ Name: 'ApiName', Value: 'ChurnPrediction-Prod-predictions' }, { Name: 'Stage', Value: stageRef }],
    };
    for (const alarm of Object.values(alarms)) {
      const metrics = alarm.Properties.Metrics === undefined
        ? [{ Namespace: alarm.Properties.Namespace, Dimensions: alarm.Properties.Dimensions }]
        : alarm.Properties.Metrics.filter((m: any) => m.MetricStat !== undefined).map((m: any) => m.MetricStat.Metric);
      for (const metric of metrics) expect(metric.Dimensions).toEqual(dimensionsByNamespace[metric.Namespace]);
    }
  });
});

describe('Prod stage: composite "service unhealthy" alarm', () => {
  const composites = template.findResources('AWS::CloudWatch::CompositeAlarm') as Record<string, { Properties: any }>;

  test('one composite, paging the critical topic on alarm and on recovery', () => {
    expect(Object.keys(composites)).toEqual([logicalId(monitoring.serviceUnhealthy)]);
    const [composite] = Object.values(composites);
    expect(composite.Properties.AlarmActions).toEqual([criticalTopic]);
    expect(composite.Properties.OKActions).toEqual([criticalTopic]);
    expect(composite.Properties.AlarmDescription).toMatch(/Runbook: docs\/RUNBOOK\.md#serviceunhealthy$/);
  });

  test('its rule is ALARM(…) OR … over exactly the critical alarms', () => {
    const rule = JSON.stringify(Object.values(composites)[0].Properties.AlarmRule);
    const referenced = [...rule.matchAll(/"Fn::GetAtt":\["([A-Za-z0-9]+)","Arn"\]/g)].map((m) => m[1]).sort();
    const critical = EXPECTED.filter((e) => e.severity === 'critical').map((e) => alarmAt(e.path).id).sort();
    expect(referenced).toEqual(critical);
    expect(rule).not.toMatch(/AND|NOT|INSUFFICIENT_DATA/);
  });

  test('every alarm tagged critical in the template is in a composite, and every alarm has a severity and an action', () => {
    expect(criticalAlarmsOutsideComposites(template)).toEqual([]);
    expect(alarmsWithoutSeverityOrAction(template)).toEqual([]);
  });

  test('the check fails on a critical alarm someone adds outside the monitoring construct', () => {
    const app = createTestApp();
    const careless = new ChurnPredictionStack(app, 'Careless', { settings: PROD });
    const extra = new cloudwatch.Alarm(careless, 'ForgottenCritical', {
      metric: new cloudwatch.Metric({ namespace: 'AWS/SageMaker', metricName: 'Invocations' }), threshold: 1, evaluationPeriods: 1,
    });
    const extraId = careless.getLogicalId(extra.node.defaultChild as CfnElement);
    require('aws-cdk-lib').Tags.of(extra).add('Severity', 'critical');
    const carelessTemplate = Template.fromStack(careless);
    expect(criticalAlarmsOutsideComposites(carelessTemplate)).toEqual([extraId]);
    expect(alarmsWithoutSeverityOrAction(carelessTemplate)).toEqual([extraId]);
  });
});

// Every alarm's runbook link, in both stages: test/docs/runbook-links.test.ts.

describe('Prod stage: dashboard', () => {
  const body = dashboardBody(template);
  const metricWidgets = body.widgets.filter((w: any) => w.type === 'metric');
  const ref = (r: { Ref: string }) => `@Ref(${r.Ref})`;
  const getAtt = (g: { 'Fn::GetAtt': string[] }) => `@GetAtt(${g['Fn::GetAtt'].join('.')})`;
  const apiName = 'ChurnPrediction-Prod-predictions';
  const expectedDimensions: Record<string, Record<string, string>> = {
    'AWS/ApiGateway': { ApiName: apiName, Stage: ref(stageRef) },
    'AWS/Lambda': { FunctionName: ref(functionName) },
    'AWS/SageMaker': { EndpointName: endpointName, VariantName: 'AllTraffic' },
    '/aws/sagemaker/Endpoints': { EndpointName: endpointName, VariantName: 'AllTraffic' },
  };

  test('one dashboard with no physical name', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    expect(Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardName).toBeUndefined();
  });

  test('every widget metric has a known namespace and the dimensions of this stage\'s resources', () => {
    let count = 0;
    for (const widget of metricWidgets) {
      for (const metric of widgetMetrics(widget).metrics) {
        expect({ title: widget.properties.title, namespace: metric.namespace, dimensions: metric.dimensions })
          .toEqual({ title: widget.properties.title, namespace: metric.namespace, dimensions: expectedDimensions[metric.namespace] });
        // Dashboards leave `stat` out when it is Average, their default.
        expect(metric.options.stat ?? 'Average').toMatch(/^(Sum|Average|Maximum|p50|p90|p99)$/);
        count += 1;
      }
    }
    expect(count).toBeGreaterThan(30);
  });

  test('every metric-math expression only uses ids defined in its widget', () => {
    for (const widget of metricWidgets) {
      const { metrics, expressions } = widgetMetrics(widget);
      const ids = new Set(metrics.map((m) => m.options.id).filter((id) => id !== undefined));
      for (const { expression } of expressions) {
        const used = (expression.match(/\b[a-z][a-zA-Z0-9_]*\b/g) ?? []).filter((word) => !['if'].includes(word));
        for (const id of used) expect({ widget: widget.properties.title, id, defined: ids.has(id) }).toEqual({ widget: widget.properties.title, id, defined: true });
      }
    }
  });

  test('traffic, errors and latency percentiles for every layer, capacity against scaling bounds', () => {
    const titles = metricWidgets.map((w: any) => w.properties.title);
    expect(titles).toEqual([
      'API requests / min', 'Lambda invocations / min', 'Endpoint invocations / min by variant',
      'API error rates (%)', 'Lambda error and throttle rates (%)', 'Endpoint error rates by variant (%)',
      'API Gateway latency (ms)', 'Lambda duration (ms)', 'SageMaker latency by variant (ms)',
      'AllTraffic: instances vs scaling bounds', 'AllTraffic: utilization (%)', 'Lambda concurrent executions',
    ]);
    const byTitle = (title: string) => metricWidgets.find((w: any) => w.properties.title === title);
    for (const title of ['API Gateway latency (ms)', 'Lambda duration (ms)', 'SageMaker latency by variant (ms)']) {
      const text = JSON.stringify(byTitle(title).properties.metrics);
      for (const p of ['p50', 'p90', 'p99']) expect(text).toContain(p);
    }
    const scaling = byTitle('AllTraffic: instances vs scaling bounds').properties;
    const bounds = template.toJSON().Resources;
    const target: any = Object.values(bounds).find((r: any) => r.Type === 'AWS::ApplicationAutoScaling::ScalableTarget');
    expect(scaling.annotations.horizontal.filter((a: any) => a.yAxis === 'left').map((a: any) => a.value))
      .toEqual([target.Properties.MinCapacity, target.Properties.MaxCapacity]);
    expect(JSON.stringify(scaling.metrics)).toContain('InvocationsPerInstance');
    const policy: any = Object.values(bounds).find((r: any) => r.Type === 'AWS::ApplicationAutoScaling::ScalingPolicy');
    expect(scaling.annotations.horizontal.filter((a: any) => a.yAxis === 'right').map((a: any) => a.value))
      .toEqual([12_000, policy.Properties.TargetTrackingScalingPolicyConfiguration.TargetValue]);
  });

  test('the latency graphs draw the budget parts', () => {
    const line = (title: string) => metricWidgets.find((w: any) => w.properties.title === title).properties.annotations.horizontal.map((a: any) => a.value);
    expect(line('API Gateway latency (ms)')).toEqual([300]);
    expect(line('Lambda duration (ms)')).toEqual([180, 20_000]);
    expect(line('SageMaker latency by variant (ms)')).toEqual([100, 30]);
  });

  test('the service\'s alarm status widget shows the composite first, then every alarm; the model-quality warnings follow in their own', () => {
    const statusWidgets = body.widgets.filter((w: any) => w.type === 'alarm');
    expect(statusWidgets.map((w: any) => w.properties.title)).toEqual([
      'Alarms (service unhealthy first, then critical, then warning)',
      'Model quality (warnings: inputs or answers moving away from training and held-out data)',
    ]);
    const shown: string[] = statusWidgets[0].properties.alarms;
    expect(shown[0]).toBe(getAtt({ 'Fn::GetAtt': [logicalId(monitoring.serviceUnhealthy), 'Arn'] }));
    expect(shown.slice(1).sort()).toEqual(Object.keys(alarms).map((id) => `@GetAtt(${id}.Arn)`).sort());
  });
});

describe('Prod stage: the stack is the only owner of physical names', () => {
  test('no alarm has a physical name but the rollback alarms, which the endpoint\'s DeploymentConfig names', () => {
    const named = Object.entries(alarms).filter(([, alarm]) => alarm.Properties.AlarmName !== undefined).map(([id, alarm]) => [id, alarm.Properties.AlarmName]);
    expect(named.sort()).toEqual(service.modelEndpoint.rollbackAlarms.alarms.map((alarm, i) => [logicalId(alarm), service.modelEndpoint.rollbackAlarms.alarmNames[i]]).sort());
    expect(Stack.of(monitoring)).toBe(stack);
  });
});
