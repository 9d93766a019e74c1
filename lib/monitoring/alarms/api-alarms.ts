import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { AlarmFactory } from '../alarm-factory';
import { ResolvedAlarmThresholds } from '../alarm-thresholds';
import { LatencyBudget } from '../latency-budget';
import { guardedLatencyMillis, guardedRatePercent } from '../metrics/guarded-expressions';
import { RestApiMetrics } from '../metrics/rest-api-metrics';

/** Fewest requests a window of this length needs for a rate or percentile to count. */
export function minimumRequests(thresholds: ResolvedAlarmThresholds, period: Duration): number {
  return thresholds.minimumRequestsPerMinute * period.toMinutes();
}

/**
 * API Gateway: 5XX rate, 4XX rate spike, and p99 latency against the end-to-end budget.
 * Missing data: API Gateway publishes Count, 4XXError and 5XXError for every window with requests,
 * so a window without data had no requests; no request failed or was slow, hence NOT_BREACHING.
 */
export function addApiAlarms(scope: Construct, factory: AlarmFactory, api: RestApiMetrics, thresholds: ResolvedAlarmThresholds, budget: LatencyBudget): void {
  const sum = (period: Duration) => ({ statistic: cloudwatch.Stats.SUM, period });
  factory.create(scope, {
    id: 'Api5xxRate',
    runbook: 'Api5xxRate',
    metric: (period) => guardedRatePercent({
      failures: api.serverErrors(sum(period)), requests: api.count(sum(period)),
      minRequests: minimumRequests(thresholds, period), period, label: 'API 5XX rate (%)',
    }),
    thresholds: thresholds.api5xxRatePercent,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    describe: (t) => `The API answered ${t}% or more of its requests with 5XX (callers see failures).`,
  });
  factory.create(scope, {
    id: 'Api4xxRate',
    runbook: 'Api4xxRate',
    metric: (period) => guardedRatePercent({
      failures: api.clientErrors(sum(period)), requests: api.count(sum(period)),
      minRequests: minimumRequests(thresholds, period), period, label: 'API 4XX rate (%)',
    }),
    thresholds: thresholds.api4xxRatePercent,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    describe: (t) => `The API refused ${t}% or more of its requests with 4XX (invalid input, auth or throttling).`,
  });
  factory.create(scope, {
    id: 'ApiLatencyP99',
    runbook: 'ApiLatencyP99',
    metric: (period) => guardedLatencyMillis({
      latency: api.latency({ statistic: cloudwatch.Stats.p(99), period }), requests: api.count(sum(period)),
      divisor: 1, minRequests: minimumRequests(thresholds, period), period, label: 'API latency p99 (ms)',
    }),
    thresholds: { critical: budget.endToEnd.toMilliseconds() },
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    describe: (t) => `p99 end-to-end latency reached ${t} ms, the end-to-end latency budget.`,
  });
}
