import { Construct } from 'constructs';
import { MetricAggregation } from '../core/metric-options';
import { AlarmFactory } from '../core/alarm-factory';
import { ResolvedAlarmThresholds } from '../core/alarm-thresholds';
import { LatencyBudget } from '../core/latency-budget';
import { RestApiMetrics } from './rest-api-metrics';
import { TrafficAlarms } from '../core/traffic-alarm';

/**
 * API Gateway: 5XX rate, 4XX rate spike, and p99 latency against the end-to-end budget.
 * Missing data: API Gateway publishes Count, 4XXError and 5XXError for every window with requests,
 * so a window without data had no requests; no request failed or was slow, hence NOT_BREACHING.
 */
export function addApiAlarms(scope: Construct, factory: AlarmFactory, api: RestApiMetrics, thresholds: ResolvedAlarmThresholds, budget: LatencyBudget): void {
  const alarms = new TrafficAlarms(scope, factory, thresholds);
  const requests = (o: MetricAggregation) => api.count(o);
  alarms.rate({
    id: 'Api5xxRate',
    failures: (o) => api.serverErrors(o), requests, label: 'API 5XX rate (%)',
    thresholds: thresholds.api5xxRatePercent,
    describe: (t) => `The API answered ${t}% or more of its requests with 5XX (callers see failures).`,
  });
  alarms.rate({
    id: 'Api4xxRate',
    failures: (o) => api.clientErrors(o), requests, label: 'API 4XX rate (%)',
    thresholds: thresholds.api4xxRatePercent,
    describe: (t) => `The API refused ${t}% or more of its requests with 4XX (invalid input, auth or throttling).`,
  });
  alarms.latencyP99({
    id: 'ApiLatencyP99',
    latency: (o) => api.latency(o), requests, label: 'API latency p99 (ms)',
    thresholds: { critical: budget.endToEnd.toMilliseconds() },
    describe: (t) => `p99 end-to-end latency reached ${t} ms, the end-to-end latency budget.`,
  });
}
