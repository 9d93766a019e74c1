import { Duration } from 'aws-cdk-lib';
import { SeverityThresholds } from './severity';

/**
 * The thresholds that are not latency (latency thresholds are the parts of the LatencyBudget).
 * Rates are percentages of the requests in a window; utilizations are percentages or fractions as
 * each says.
 */
export interface AlarmThresholds {
  /**
   * Fewest requests per minute of window for a rate or a latency percentile to count (the guard of
   * the metric-math expressions); a five-minute window needs five times as many.
   * @default 10
   */
  readonly minimumRequestsPerMinute?: number;
  /**
   * API Gateway 5XX answers, percent of requests.
   * @default { warning: 1, critical: 5 }
   */
  readonly api5xxRatePercent?: SeverityThresholds;
  /**
   * API Gateway 4XX answers (invalid input, auth, throttling), percent of requests: a spike means a
   * client release or a validation change gone wrong.
   * @default { warning: 25 }
   */
  readonly api4xxRatePercent?: SeverityThresholds;
  /**
   * Lambda errors (crashes, timeouts), percent of invocations.
   * @default { warning: 1, critical: 5 }
   */
  readonly functionErrorRatePercent?: SeverityThresholds;
  /**
   * Lambda throttles, percent of invocation attempts.
   * @default { warning: 0.1, critical: 1 }
   */
  readonly functionThrottleRatePercent?: SeverityThresholds;
  /**
   * Fraction of the function's timeout at which its p99 duration is critical.
   * @default 0.8
   */
  readonly functionDurationTimeoutFraction?: number;
  /**
   * Fraction of the reserved concurrency at which the function's peak concurrency warns.
   * @default 0.8
   */
  readonly functionConcurrencyLimitFraction?: number;
  /**
   * Endpoint variant 5XX answers, percent of its invocations.
   * @default { warning: 1, critical: 5 }
   */
  readonly variant5xxRatePercent?: SeverityThresholds;
  /**
   * Endpoint variant 4XX answers (input the container rejected: an encoder bug), percent.
   * @default { warning: 1 }
   */
  readonly variant4xxRatePercent?: SeverityThresholds;
  /**
   * Average CPU per vCPU of an instance variant, percent (the alarm scales it by the vCPUs).
   * @default { warning: 80 }
   */
  readonly cpuUtilizationPercentPerVcpu?: SeverityThresholds;
  /**
   * Memory utilization of a variant, percent.
   * @default { warning: 80 }
   */
  readonly memoryUtilizationPercent?: SeverityThresholds;
  /**
   * Disk utilization of an instance variant, percent.
   * @default { warning: 80 }
   */
  readonly diskUtilizationPercent?: SeverityThresholds;
  /**
   * Fraction of the per-instance invocation ceiling at which the capacity warning fires.
   * @default 0.8
   */
  readonly invocationsPerInstanceCeilingFraction?: number;
  /**
   * Fraction of a serverless variant's maximum concurrency at which the capacity warning fires.
   * @default 0.8
   */
  readonly serverlessConcurrencyFraction?: number;
  /**
   * Longest serverless cold start (`ModelSetupTime`) before it warns; a cold start this long eats
   * half of the function's 20 s model-call deadline.
   * @default Duration.seconds(10)
   */
  readonly serverlessModelSetupTime?: Duration;
}

/** Every threshold, defaults filled in. */
export type ResolvedAlarmThresholds = Required<AlarmThresholds>;

export const DEFAULT_ALARM_THRESHOLDS: ResolvedAlarmThresholds = {
  minimumRequestsPerMinute: 10,
  api5xxRatePercent: { warning: 1, critical: 5 },
  api4xxRatePercent: { warning: 25 },
  functionErrorRatePercent: { warning: 1, critical: 5 },
  functionThrottleRatePercent: { warning: 0.1, critical: 1 },
  functionDurationTimeoutFraction: 0.8,
  functionConcurrencyLimitFraction: 0.8,
  variant5xxRatePercent: { warning: 1, critical: 5 },
  variant4xxRatePercent: { warning: 1 },
  cpuUtilizationPercentPerVcpu: { warning: 80 },
  memoryUtilizationPercent: { warning: 80 },
  diskUtilizationPercent: { warning: 80 },
  invocationsPerInstanceCeilingFraction: 0.8,
  serverlessConcurrencyFraction: 0.8,
  serverlessModelSetupTime: Duration.seconds(10),
};

/** Defaults for whatever is left out; each given threshold replaces its default whole. */
export function resolveAlarmThresholds(overrides: AlarmThresholds = {}): ResolvedAlarmThresholds {
  const resolved: Record<string, unknown> = { ...DEFAULT_ALARM_THRESHOLDS };
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) resolved[key] = value;
  return resolved as ResolvedAlarmThresholds;
}

/** The problems with a set of thresholds (empty when valid), each naming its field. */
export function alarmThresholdProblems(thresholds: ResolvedAlarmThresholds): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(thresholds.minimumRequestsPerMinute) || thresholds.minimumRequestsPerMinute < 1) {
    problems.push(`minimumRequestsPerMinute must be a whole number ≥ 1, got ${thresholds.minimumRequestsPerMinute}`);
  }
  const percents = {
    api5xxRatePercent: thresholds.api5xxRatePercent,
    api4xxRatePercent: thresholds.api4xxRatePercent,
    functionErrorRatePercent: thresholds.functionErrorRatePercent,
    functionThrottleRatePercent: thresholds.functionThrottleRatePercent,
    variant5xxRatePercent: thresholds.variant5xxRatePercent,
    variant4xxRatePercent: thresholds.variant4xxRatePercent,
    cpuUtilizationPercentPerVcpu: thresholds.cpuUtilizationPercentPerVcpu,
    memoryUtilizationPercent: thresholds.memoryUtilizationPercent,
    diskUtilizationPercent: thresholds.diskUtilizationPercent,
  };
  for (const [name, { critical, warning }] of Object.entries(percents)) {
    for (const [severity, value] of Object.entries({ critical, warning })) {
      if (value !== undefined && !(value > 0 && value <= 100)) problems.push(`${name}.${severity} must be in (0, 100], got ${value}`);
    }
    if (critical !== undefined && warning !== undefined && !(warning < critical)) {
      problems.push(`${name}.warning (${warning}) must be below ${name}.critical (${critical})`);
    }
  }
  const fractions = {
    functionDurationTimeoutFraction: thresholds.functionDurationTimeoutFraction,
    functionConcurrencyLimitFraction: thresholds.functionConcurrencyLimitFraction,
    invocationsPerInstanceCeilingFraction: thresholds.invocationsPerInstanceCeilingFraction,
    serverlessConcurrencyFraction: thresholds.serverlessConcurrencyFraction,
  };
  for (const [name, value] of Object.entries(fractions)) {
    if (!(value > 0 && value <= 1)) problems.push(`${name} must be in (0, 1], got ${value}`);
  }
  if (!(thresholds.serverlessModelSetupTime.toMilliseconds() > 0)) {
    problems.push(`serverlessModelSetupTime must be > 0, got ${thresholds.serverlessModelSetupTime.toHumanString()}`);
  }
  return problems;
}
