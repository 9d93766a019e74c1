import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { LambdaFunctionMetrics } from '../../lib/monitoring/function/lambda-function-metrics';
import { RestApiMetrics } from '../../lib/monitoring/api/rest-api-metrics';
import { SageMakerVariantMetrics } from '../../lib/monitoring/endpoint/sagemaker-variant-metrics';

const aggregation = { statistic: 'Sum', period: Duration.minutes(5) };

function describeMetric(metric: cloudwatch.Metric) {
  const config = metric.toMetricConfig().metricStat!;
  return {
    namespace: config.namespace, metricName: config.metricName, statistic: config.statistic, period: config.period.toSeconds(),
    dimensions: Object.fromEntries((config.dimensions ?? []).map((d) => [d.name, d.value])), unit: config.unitFilter,
  };
}

describe('SageMakerVariantMetrics', () => {
  const variant = new SageMakerVariantMetrics('churn-endpoint', 'AllTraffic');
  const dimensions = { EndpointName: 'churn-endpoint', VariantName: 'AllTraffic' };

  test.each([
    ['invocations', 'AWS/SageMaker', 'Invocations'],
    ['invocation4xxErrors', 'AWS/SageMaker', 'Invocation4XXErrors'],
    ['invocation5xxErrors', 'AWS/SageMaker', 'Invocation5XXErrors'],
    ['modelLatency', 'AWS/SageMaker', 'ModelLatency'],
    ['overheadLatency', 'AWS/SageMaker', 'OverheadLatency'],
    ['modelSetupTime', 'AWS/SageMaker', 'ModelSetupTime'],
    ['invocationsPerInstance', 'AWS/SageMaker', 'InvocationsPerInstance'],
    ['serverlessConcurrencyUtilization', 'AWS/SageMaker', 'ServerlessConcurrentExecutionsUtilization'],
    ['cpuUtilization', '/aws/sagemaker/Endpoints', 'CPUUtilization'],
    ['memoryUtilization', '/aws/sagemaker/Endpoints', 'MemoryUtilization'],
    ['diskUtilization', '/aws/sagemaker/Endpoints', 'DiskUtilization'],
  ] as const)('%s is %s %s per endpoint and variant, with no unit filter', (method, namespace, metricName) => {
    expect(describeMetric(variant[method](aggregation))).toEqual({
      namespace, metricName, statistic: 'Sum', period: 300, dimensions, unit: undefined,
    });
  });
});

describe('LambdaFunctionMetrics', () => {
  const fn = new LambdaFunctionMetrics('predict');
  test.each([
    ['invocations', 'Invocations'], ['errors', 'Errors'], ['throttles', 'Throttles'], ['duration', 'Duration'], ['concurrentExecutions', 'ConcurrentExecutions'],
  ] as const)('%s is AWS/Lambda %s per function', (method, metricName) => {
    expect(describeMetric(fn[method](aggregation))).toEqual({
      namespace: 'AWS/Lambda', metricName, statistic: 'Sum', period: 300, dimensions: { FunctionName: 'predict' }, unit: undefined,
    });
  });
});

describe('RestApiMetrics', () => {
  const api = new RestApiMetrics('churn-api', 'v1');
  test.each([
    ['count', 'Count'], ['clientErrors', '4XXError'], ['serverErrors', '5XXError'], ['latency', 'Latency'], ['integrationLatency', 'IntegrationLatency'],
  ] as const)('%s is AWS/ApiGateway %s per API and stage', (method, metricName) => {
    expect(describeMetric(api[method](aggregation))).toEqual({
      namespace: 'AWS/ApiGateway', metricName, statistic: 'Sum', period: 300, dimensions: { ApiName: 'churn-api', Stage: 'v1' }, unit: undefined,
    });
  });

  test('a percentile renders as an extended statistic in an alarm', () => {
    const stack = new Stack();
    new cloudwatch.Alarm(stack, 'A', { metric: api.latency({ statistic: 'p99', period: Duration.minutes(1) }), threshold: 1, evaluationPeriods: 1 });
    const alarm = stack.resolve((stack.node.findChild('A').node.defaultChild as cloudwatch.CfnAlarm).extendedStatistic);
    expect(alarm).toBe('p99');
  });
});
