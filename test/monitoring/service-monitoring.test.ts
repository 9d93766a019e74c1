import { CfnElement, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DEFAULT_LATENCY_BUDGET_MILLIS, LatencyBudget, latencyBudgetFromMillis } from '../../lib/monitoring/core/latency-budget';
import { MonitoredVariant } from '../../lib/monitoring/endpoint/monitored-endpoint';
import { ServiceMonitoring, ServiceMonitoringProps } from '../../lib/monitoring/service-monitoring';
import { Severity } from '../../lib/monitoring/core/severity';
import { createTestApp } from '../support/app';
import { alarmsWithoutSeverityOrAction, criticalAlarmsOutsideComposites, dashboardBody, widgetMetrics } from '../support/monitoring-template';

const INSTANCE: MonitoredVariant = {
  kind: 'instance', variantName: 'Blue', minInstanceCount: 2, maxInstanceCount: 4, maxInvocationsPerInstancePerMinute: 6000, vcpusPerInstance: 2,
};
const SERVERLESS: MonitoredVariant = { kind: 'serverless', variantName: 'Green', maxConcurrency: 20 };
const SHADOW: MonitoredVariant = { ...INSTANCE, variantName: 'Shadow', shadow: true };

/** A stack with a function, an API and a key, and monitoring over them with the given props. */
function build(overrides: Partial<ServiceMonitoringProps> = {}, extra?: (stack: Stack) => Partial<ServiceMonitoringProps>) {
  const stack = new Stack(createTestApp(), 'TestStack');
  const fn = new lambda.Function(stack, 'Fn', {
    runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({})'),
    timeout: Duration.seconds(10),
  });
  const restApi = new apigateway.RestApi(stack, 'Api', { restApiName: 'churn-test', deployOptions: { stageName: 'v1' } });
  restApi.root.addMethod('GET', new apigateway.MockIntegration());
  const monitoring = new ServiceMonitoring(stack, 'Monitoring', {
    endpoint: { endpointName: 'churn-endpoint', variants: [INSTANCE] },
    predictFunction: fn,
    functionTimeout: Duration.seconds(10),
    restApi,
    latencyBudget: LatencyBudget.of(latencyBudgetFromMillis(DEFAULT_LATENCY_BUDGET_MILLIS)),
    encryptionKey: new kms.Key(stack, 'Key'),
    ...overrides,
    ...extra?.(stack),
  });
  return { stack, monitoring, template: Template.fromStack(stack) };
}

/** The alarms reading a metric, each as { threshold, statistic, missing, variant }. */
function alarmsReading(template: Template, metricName: string) {
  return Object.values(template.findResources('AWS::CloudWatch::Alarm')).flatMap((alarm: any) => {
    const p = alarm.Properties;
    const stats = p.Metrics === undefined
      ? [{ Metric: { MetricName: p.MetricName, Dimensions: p.Dimensions }, Stat: p.ExtendedStatistic ?? p.Statistic }]
      : p.Metrics.filter((m: any) => m.MetricStat !== undefined).map((m: any) => m.MetricStat);
    return stats.filter((s: any) => s.Metric.MetricName === metricName).map((s: any) => ({
      threshold: p.Threshold, statistic: s.Stat, missing: p.TreatMissingData,
      variant: (s.Metric.Dimensions ?? []).find((d: any) => d.Name === 'VariantName')?.Value,
    }));
  });
}

const idOf = (stack: Stack, construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
const childIds = (monitoring: ServiceMonitoring, ...path: string[]) => {
  const scope = path.reduce((s, id) => s.node.findChild(id), monitoring as { node: any });
  return scope.node.children.filter((c: unknown) => c instanceof cloudwatch.Alarm).map((c: cloudwatch.Alarm) => c.node.id).sort();
};

describe('ServiceMonitoring', () => {
  test('with an instance, a serverless and a shadow variant: alarms by kind, and shadows never page', () => {
    const { stack, monitoring, template } = build({ endpoint: { endpointName: 'churn-endpoint', variants: [INSTANCE, SERVERLESS, SHADOW] } });
    expect(childIds(monitoring, 'Endpoint', 'Blue')).toEqual([
      'Variant4xxRateWarning', 'Variant5xxRateCritical', 'Variant5xxRateWarning', 'VariantCpuUtilizationWarning', 'VariantDiskUtilizationWarning',
      'VariantInvocationsPerInstanceWarning', 'VariantMemoryUtilizationWarning', 'VariantModelLatencyP99Warning', 'VariantOverheadLatencyP99Warning',
    ]);
    expect(childIds(monitoring, 'Endpoint', 'Green')).toEqual([
      'Variant4xxRateWarning', 'Variant5xxRateCritical', 'Variant5xxRateWarning', 'VariantConcurrencyUtilizationWarning',
      'VariantMemoryUtilizationWarning', 'VariantModelLatencyP99Warning', 'VariantModelSetupTimeWarning', 'VariantOverheadLatencyP99Warning',
    ]);
    expect(childIds(monitoring, 'Endpoint', 'Shadow').filter((id: string) => id.endsWith('Critical'))).toEqual([]);
    // Serverless: concurrency is a 0–1 ratio; ModelSetupTime is in microseconds (10 s).
    expect(alarmsReading(template, 'ServerlessConcurrentExecutionsUtilization'))
      .toEqual([{ threshold: 0.8, statistic: 'Maximum', missing: 'notBreaching', variant: 'Green' }]);
    expect(alarmsReading(template, 'ModelSetupTime')).toEqual([{ threshold: 10_000_000, statistic: 'Maximum', missing: 'notBreaching', variant: 'Green' }]);
    expect(alarmsReading(template, 'MemoryUtilization')).toEqual([
      { threshold: 80, statistic: 'Average', missing: 'missing', variant: 'Blue' },
      { threshold: 80, statistic: 'Average', missing: 'notBreaching', variant: 'Green' },
      { threshold: 80, statistic: 'Average', missing: 'missing', variant: 'Shadow' },
    ]);
    // Instance: CPU runs to 100 % × vCPUs; the capacity warning is 0.8 × 6000/min × 5 min.
    expect(alarmsReading(template, 'CPUUtilization').map((a) => [a.variant, a.threshold])).toEqual([['Blue', 160], ['Shadow', 160]]);
    expect(alarmsReading(template, 'InvocationsPerInstance').map((a) => [a.variant, a.threshold])).toEqual([['Blue', 24_000], ['Shadow', 24_000]]);
    // Requests not reaching the model: the serving variants only, not the shadow.
    const notReaching = template.findResources('AWS::CloudWatch::Alarm')[idOf(stack, monitoring.node.findChild('Endpoint').node.findChild('RequestsNotReachingModelCritical'))];
    const expression = notReaching.Properties.Metrics.find((m: any) => m.Expression !== undefined).Expression;
    expect(expression).toBe('IF(FILL(api_count, 0) - FILL(api_4xx, 0) >= 10, IF(FILL(variant0_invocations, 0) + FILL(variant1_invocations, 0) == 0, 1, 0), 0)');
    const variantsRead = notReaching.Properties.Metrics.filter((m: any) => m.MetricStat?.Metric.Namespace === 'AWS/SageMaker')
      .map((m: any) => m.MetricStat.Metric.Dimensions[1].Value);
    expect(variantsRead).toEqual(['Blue', 'Green']);
    expect(criticalAlarmsOutsideComposites(template)).toEqual([]);
    expect(alarmsWithoutSeverityOrAction(template)).toEqual([]);
  });

  test('with a serverless variant: the dashboard graphs its concurrency and cold starts, not instances', () => {
    const { template } = build({ endpoint: { endpointName: 'churn-endpoint', variants: [SERVERLESS] } });
    const widgets = dashboardBody(template).widgets.filter((w: any) => w.type === 'metric');
    const titles = widgets.map((w: any) => w.properties.title);
    expect(titles).toContain('Green: serverless concurrency and cold starts');
    expect(titles.some((t: string) => t.includes('instances'))).toBe(false);
    const names = widgets.flatMap((w: any) => widgetMetrics(w).metrics.map((m) => m.metricName));
    expect(names).not.toContain('CPUUtilization');
    expect(names).not.toContain('InvocationsPerInstance');
    expect(names).toContain('ModelSetupTime');
  });

  test('with the endpoint\'s own rollback alarms: they are adopted as critical, and no duplicates are made', () => {
    let rollback: cloudwatch.Alarm | undefined;
    let latency: cloudwatch.Alarm | undefined;
    const { stack, monitoring, template } = build({ endpoint: { endpointName: 'churn-endpoint', variants: [INSTANCE, SHADOW] } }, (s) => {
      const metric = (metricName: string) => new cloudwatch.Metric({ namespace: 'AWS/SageMaker', metricName, dimensionsMap: { EndpointName: 'churn-endpoint', VariantName: 'Blue' } });
      rollback = new cloudwatch.Alarm(s, 'Rollback5xx', { alarmName: 'churn-endpoint-rollback-5xx', metric: metric('Invocation5XXErrors'), threshold: 1, evaluationPeriods: 1 });
      latency = new cloudwatch.Alarm(s, 'RollbackLatency', { metric: metric('ModelLatency'), threshold: 100_000, evaluationPeriods: 1 });
      return { existingEndpointAlarms: [{ variantName: 'Blue', errorRate: rollback, modelLatency: latency }] };
    });
    expect(childIds(monitoring, 'Endpoint', 'Blue').filter((id: string) => /5xxRate|ModelLatency/.test(id))).toEqual([]);
    // The shadow variant has no rollback alarms: it keeps its own, as warnings.
    expect(childIds(monitoring, 'Endpoint', 'Shadow').filter((id: string) => /5xxRate|ModelLatency/.test(id)))
      .toEqual(['Variant5xxRateWarning', 'VariantModelLatencyP99Warning']);
    expect(monitoring.alarms.filter((a) => a.alarm === rollback || a.alarm === latency).map((a) => [a.severity, a.runbook]))
      .toEqual([[Severity.CRITICAL, 'Variant5xxRate'], [Severity.CRITICAL, 'VariantModelLatencyP99']]);
    const rollbackId = idOf(stack, rollback!);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'churn-endpoint-rollback-5xx',
      AlarmActions: [{ Ref: idOf(stack, monitoring.topics.warning) }],
      OKActions: [{ Ref: idOf(stack, monitoring.topics.warning) }],
      Tags: [{ Key: 'Severity', Value: 'critical' }],
    });
    expect(monitoring.alarmsOf(Severity.CRITICAL)).toContain(rollback);
    expect(JSON.stringify(template.findResources('AWS::CloudWatch::CompositeAlarm'))).toContain(JSON.stringify({ 'Fn::GetAtt': [rollbackId, 'Arn'] }));
    expect(dashboardBody(template).widgets.find((w: any) => w.type === 'alarm').properties.alarms).toContain(`@GetAtt(${rollbackId}.Arn)`);
    expect(criticalAlarmsOutsideComposites(template)).toEqual([]);
  });

  test('with an imported alarm: it joins the composite, and a warning says its actions are its owner\'s', () => {
    const arn = 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:elsewhere';
    // The synth's validation report prints the warning; it is asserted below rather than shown.
    const report = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const { monitoring, template } = build({}, (s) => ({
      existingEndpointAlarms: [{
        variantName: 'Blue', errorRate: cloudwatch.Alarm.fromAlarmArn(s, 'Imported', arn), modelLatency: cloudwatch.Alarm.fromAlarmArn(s, 'ImportedLatency', `${arn}-latency`),
      }],
    }));
    expect(report).toHaveBeenCalledWith(expect.stringContaining("Alarm TestStack/Imported is imported: it is watched, but its notifications are its owner's to set."));
    expect(report).toHaveBeenCalledWith(expect.stringContaining("Alarm TestStack/ImportedLatency is imported"));
    report.mockRestore();
    expect(JSON.stringify(template.findResources('AWS::CloudWatch::CompositeAlarm'))).toContain(`ALARM(\\"${arn}\\")`);
    // With annotationsInValidationReport on, warnings stay in the construct's metadata.
    const warnings = monitoring.node.metadata.filter((m) => m.type === 'aws:cdk:warning').map((m) => String(m.data));
    expect(warnings).toEqual([
      expect.stringMatching(/Alarm TestStack\/Imported is imported: it is watched, but its notifications are its owner's to set/),
      expect.stringMatching(/Alarm TestStack\/ImportedLatency is imported/),
    ]);
  });

  test('with reserved concurrency: a warning at 80 % of it; without: no concurrency alarm', () => {
    const reserved = build({ reservedConcurrentExecutions: 100 });
    expect(alarmsReading(reserved.template, 'ConcurrentExecutions')).toEqual([{ threshold: 80, statistic: 'Maximum', missing: 'notBreaching', variant: undefined }]);
    expect(childIds(reserved.monitoring, 'Function')).toContain('FunctionConcurrencyWarning');
    const unreserved = build();
    expect(childIds(unreserved.monitoring, 'Function')).not.toContain('FunctionConcurrencyWarning');
    expect(alarmsReading(unreserved.template, 'ConcurrentExecutions')).toEqual([]);
  });

  test('a threshold given replaces its default whole: a critical-only 5XX rate has no warning', () => {
    const { monitoring } = build({ thresholds: { api5xxRatePercent: { critical: 2 }, minimumRequestsPerMinute: 3 } });
    expect(childIds(monitoring, 'Api')).toEqual(['Api4xxRateWarning', 'Api5xxRateCritical', 'ApiLatencyP99Critical']);
  });

  test('the API metrics name this API and stage; the function metrics this function', () => {
    const { stack, template } = build();
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([Match.objectLike({
        MetricStat: Match.objectLike({ Metric: { Namespace: 'AWS/ApiGateway', MetricName: '5XXError', Dimensions: [{ Name: 'ApiName', Value: 'churn-test' }, { Name: 'Stage', Value: Match.anyValue() }] } }),
      })]),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([Match.objectLike({
        MetricStat: Match.objectLike({ Metric: { Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: { Ref: stack.getLogicalId(stack.node.findChild('Fn').node.defaultChild as CfnElement) } }] } }),
      })]),
    });
  });

  test('When several props are wrong: one error names every problem', () => {
    expect(() => build({
      endpoint: { endpointName: 'e', variants: [{ ...SERVERLESS, maxConcurrency: 500 }, { ...INSTANCE, variantName: 'Green', maxInstanceCount: 1 }] },
      thresholds: { api5xxRatePercent: { warning: 10, critical: 5 }, serverlessConcurrencyFraction: 1.5 },
      functionTimeout: Duration.millis(200),
      reservedConcurrentExecutions: 0,
      alarmEmail: 'ops',
    })).toThrow(new RegExp([
      'Invalid ServiceMonitoring props:',
      'variant "Green": maxConcurrency must be a whole number from 1 to 200, got 500',
      'variant "Green" is listed twice',
      'variant "Green": maxInstanceCount \\(1\\) must not be below minInstanceCount \\(2\\)',
      'thresholds.api5xxRatePercent.warning \\(10\\) must be below api5xxRatePercent.critical \\(5\\)',
      'thresholds.serverlessConcurrencyFraction must be in \\(0, 1\\], got 1.5',
      'alarmEmail is not an e-mail address: "ops"',
      "the function's latency budget \\(180 ms\\) must be below 0.8 × its 200 ms timeout \\(160 ms\\)",
      'reservedConcurrentExecutions must be a whole number ≥ 1, got 0',
    ].join('[\\s\\S]*')));
  });

  test('When existing alarms name an unknown variant, a shadow, or a variant twice: one error names each', () => {
    const alarms = (s: Stack, variantName: string, id: string) => ({
      variantName,
      errorRate: cloudwatch.Alarm.fromAlarmArn(s, `${id}Errors`, `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:${id}-errors`),
      modelLatency: cloudwatch.Alarm.fromAlarmArn(s, `${id}Latency`, `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:${id}-latency`),
    });
    expect(() => build({ endpoint: { endpointName: 'e', variants: [INSTANCE, SHADOW] } }, (s) => ({
      existingEndpointAlarms: [alarms(s, 'Blue', 'A'), alarms(s, 'Red', 'B'), alarms(s, 'Shadow', 'C'), alarms(s, 'Blue', 'D')],
    }))).toThrow(new RegExp([
      'existingEndpointAlarms: variant "Red" is not a variant of the endpoint',
      'existingEndpointAlarms: variant "Shadow" is a shadow; its alarms only warn, so none can be adopted as critical',
      'existingEndpointAlarms: variant "Blue" is listed twice',
    ].join('[\\s\\S]*')));
  });

  test('When every variant is a shadow, or there is none: an error', () => {
    expect(() => build({ endpoint: { endpointName: 'e', variants: [SHADOW] } })).toThrow(/at least one variant that is not a shadow/);
    expect(() => build({ endpoint: { endpointName: 'e', variants: [] } })).toThrow(/must name at least one variant/);
  });
});
