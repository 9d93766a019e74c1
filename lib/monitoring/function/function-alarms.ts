import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { MetricAggregation } from '../core/metric-options';
import { AlarmFactory } from '../core/alarm-factory';
import { ResolvedAlarmThresholds } from '../core/alarm-thresholds';
import { LatencyBudget } from '../core/latency-budget';
import { Severity } from '../core/severity';
import { LambdaFunctionMetrics } from './lambda-function-metrics';
import { TrafficAlarms } from '../core/traffic-alarm';

export interface FunctionAlarmsInput {
  readonly metrics: LambdaFunctionMetrics;
  /** The function's timeout. */
  readonly timeout: Duration;
  /** Its reserved concurrency; undefined when it draws on the account's unreserved pool. */
  readonly reservedConcurrentExecutions?: number;
}

/**
 * The Lambda proxy: error rate, throttle rate, p99 duration (warning above its latency budget,
 * critical near its timeout), and peak concurrency near the reserved limit.
 * Missing data: Lambda publishes Invocations, Errors, Throttles, Duration and ConcurrentExecutions
 * for windows in which the function was invoked (or throttled); an empty window had no requests,
 * hence NOT_BREACHING for all of them.
 */
export function addFunctionAlarms(scope: Construct, factory: AlarmFactory, input: FunctionAlarmsInput, thresholds: ResolvedAlarmThresholds, budget: LatencyBudget): void {
  const fn = input.metrics;
  const alarms = new TrafficAlarms(scope, factory, thresholds);
  const requests = (o: MetricAggregation) => fn.invocations(o);
  alarms.rate({
    id: 'FunctionErrorRate',
    failures: (o) => fn.errors(o), requests, label: 'Lambda error rate (%)',
    thresholds: thresholds.functionErrorRatePercent,
    describe: (t) => `${t}% or more of the prediction function's invocations crashed or timed out.`,
  });
  alarms.rate({
    id: 'FunctionThrottleRate',
    failures: (o) => fn.throttles(o), requests, failuresAreNotRequests: true, label: 'Lambda throttle rate (%)',
    thresholds: thresholds.functionThrottleRatePercent,
    describe: (t) => `${t}% or more of the requests to the prediction function were throttled (no concurrency left).`,
  });
  const nearTimeout = Math.round(input.timeout.toMilliseconds() * thresholds.functionDurationTimeoutFraction);
  alarms.latencyP99({
    id: 'FunctionDurationP99',
    latency: (o) => fn.duration(o), requests, label: 'Lambda duration p99 (ms)',
    thresholds: { warning: budget.functionBudget.toMilliseconds(), critical: nearTimeout },
    describe: (t, severity) => severity === Severity.CRITICAL
      ? `p99 duration of the prediction function reached ${t} ms, near its ${input.timeout.toMilliseconds()} ms timeout.`
      : `p99 duration of the prediction function reached ${t} ms, its latency budget (own overhead + SageMaker overhead + model).`,
  });
  if (input.reservedConcurrentExecutions !== undefined) {
    // Without a reservation the function shares the account's unreserved pool, whose size depends on
    // the account's quota and every other function: no limit is known here, so no alarm; the throttle
    // rate alarm still fires when that pool runs dry.
    const reserved = input.reservedConcurrentExecutions;
    factory.create(scope, {
      id: 'FunctionConcurrency',
      runbook: 'FunctionConcurrency',
      metric: (period) => fn.concurrentExecutions({ statistic: cloudwatch.Stats.MAXIMUM, period, label: 'Lambda concurrent executions (max)' }),
      thresholds: { warning: Math.max(1, Math.floor(reserved * thresholds.functionConcurrencyLimitFraction)) },
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      describe: (t) => `The prediction function ran ${t} or more concurrent executions, near its reserved ${reserved}.`,
    });
  }
}
