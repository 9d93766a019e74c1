import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { guardedLatencyMillis, guardedRatePercent } from '../../lib/monitoring/core/guarded-expressions';

const metric = (name: string) => new cloudwatch.Metric({ namespace: 'Test', metricName: name, statistic: 'Sum' });
const period = Duration.minutes(1);

describe('guardedRatePercent', () => {
  test('failures ÷ requests in percent, 0 below the guard, missing counts filled with 0', () => {
    const expression = guardedRatePercent({ failures: metric('F'), requests: metric('R'), minRequests: 20, period, label: 'rate' });
    expect(expression.expression).toBe('IF(FILL(r_requests, 0) >= 20, 100 * FILL(r_failures, 0) / FILL(r_requests, 0), 0)');
    expect(Object.keys(expression.usingMetrics).sort()).toEqual(['r_failures', 'r_requests']);
    expect(expression.period.toSeconds()).toBe(60);
  });

  test('failures that are not counted as requests (Lambda throttles) are added to them', () => {
    const expression = guardedRatePercent({
      failures: metric('Throttles'), requests: metric('Invocations'), failuresAreNotRequests: true, minRequests: 1, period, label: 'x', idPrefix: 'fn',
    });
    expect(expression.expression).toBe(
      'IF((FILL(fn_requests, 0) + FILL(fn_failures, 0)) >= 1, 100 * FILL(fn_failures, 0) / (FILL(fn_requests, 0) + FILL(fn_failures, 0)), 0)');
  });

  test('an alarm on it returns exactly one series', () => {
    const stack = new Stack();
    const alarm = new cloudwatch.Alarm(stack, 'A', {
      metric: guardedRatePercent({ failures: metric('F'), requests: metric('R'), minRequests: 5, period, label: 'rate' }),
      threshold: 1, evaluationPeriods: 1,
    });
    const metrics = stack.resolve((alarm.node.defaultChild as cloudwatch.CfnAlarm).metrics) as Array<{ returnData?: boolean }>;
    expect(metrics.filter((m) => m.returnData !== false)).toHaveLength(1);
  });

  test.each([0, 2.5, -1])('When the guard is %p: an error', (minRequests) => {
    expect(() => guardedRatePercent({ failures: metric('F'), requests: metric('R'), minRequests, period, label: 'x' }))
      .toThrow(/minRequests must be a whole number ≥ 1/);
  });

  test('When an id prefix is not a metric-math id: an error', () => {
    expect(() => guardedRatePercent({ failures: metric('F'), requests: metric('R'), minRequests: 1, period, label: 'x', idPrefix: 'Bad-id' }))
      .toThrow(/metric-math id "Bad-id_failures"/);
  });
});

describe('guardedLatencyMillis', () => {
  test('SageMaker microseconds are divided into milliseconds; other latencies are left as they are', () => {
    expect(guardedLatencyMillis({ latency: metric('ModelLatency'), requests: metric('Invocations'), divisor: 1000, minRequests: 10, period, label: 'x' }).expression)
      .toBe('IF(FILL(l_requests, 0) >= 10, l_latency / 1000, 0)');
    expect(guardedLatencyMillis({ latency: metric('Latency'), requests: metric('Count'), divisor: 1, minRequests: 10, period, label: 'x' }).expression)
      .toBe('IF(FILL(l_requests, 0) >= 10, l_latency, 0)');
  });

  test('When the divisor is 0: an error', () => {
    expect(() => guardedLatencyMillis({ latency: metric('L'), requests: metric('R'), divisor: 0, minRequests: 1, period, label: 'x' }))
      .toThrow('divisor must be > 0, got 0');
  });
});
