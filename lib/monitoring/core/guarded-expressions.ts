import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** Metric-math ids must start with a lower-case letter and hold only letters, digits and `_`. */
const METRIC_ID = /^[a-z][a-zA-Z0-9_]*$/;

function checkIds(...ids: string[]): void {
  for (const id of ids) if (!METRIC_ID.test(id)) throw new Error(`metric-math id "${id}" must match ${METRIC_ID}`);
}

function checkMinimum(minRequests: number): void {
  if (!Number.isInteger(minRequests) || minRequests < 1) {
    throw new Error(`minRequests must be a whole number ≥ 1, got ${minRequests}`);
  }
}

export interface GuardedRateOptions {
  /** Failed requests (`Sum`). */
  readonly failures: cloudwatch.IMetric;
  /** Requests (`Sum`). */
  readonly requests: cloudwatch.IMetric;
  /**
   * Whether failed requests are missing from `requests` and must be added to them (Lambda's
   * Throttles are not counted in Invocations).
   * @default false
   */
  readonly failuresAreNotRequests?: boolean;
  /** Fewest requests in a window for the rate to count; below it the rate reads 0. */
  readonly minRequests: number;
  /** Window of the expression (overrides the metrics' own periods). */
  readonly period: Duration;
  /** Legend and alarm label. */
  readonly label: string;
  /**
   * Prefix of the metric-math ids, unique within one dashboard widget.
   * @default 'r'
   */
  readonly idPrefix?: string;
}

/**
 * failures ÷ requests in percent, reading 0 while a window holds fewer than `minRequests`
 * requests: one failed request at 3 a.m. is not a 100 % error rate worth a page. FILL(…, 0) turns
 * windows where a count was not published into zeros, so a window with requests but no error
 * datapoint reads 0 %, not "missing".
 */
export function guardedRatePercent(options: GuardedRateOptions): cloudwatch.MathExpression {
  checkMinimum(options.minRequests);
  const prefix = options.idPrefix ?? 'r';
  const f = `${prefix}_failures`;
  const r = `${prefix}_requests`;
  checkIds(f, r);
  const total = options.failuresAreNotRequests === true ? `(FILL(${r}, 0) + FILL(${f}, 0))` : `FILL(${r}, 0)`;
  return new cloudwatch.MathExpression({
    expression: `IF(${total} >= ${options.minRequests}, 100 * FILL(${f}, 0) / ${total}, 0)`,
    usingMetrics: { [f]: options.failures, [r]: options.requests },
    period: options.period,
    label: options.label,
  });
}

export interface GuardedLatencyOptions {
  /** The latency percentile (e.g. `p99`). */
  readonly latency: cloudwatch.IMetric;
  /** Requests in the same window (`Sum`). */
  readonly requests: cloudwatch.IMetric;
  /** Divides the latency into milliseconds (1000 for SageMaker's microseconds, 1 otherwise). */
  readonly divisor: number;
  /** Fewest requests in a window for the percentile to count; below it the latency reads 0. */
  readonly minRequests: number;
  /** Window of the expression. */
  readonly period: Duration;
  /** Legend and alarm label. */
  readonly label: string;
  /**
   * Prefix of the metric-math ids, unique within one dashboard widget.
   * @default 'l'
   */
  readonly idPrefix?: string;
}

/**
 * A latency percentile in milliseconds, reading 0 while a window holds fewer than `minRequests`
 * requests: the p99 of three requests is the slowest of three, not a trend.
 */
export function guardedLatencyMillis(options: GuardedLatencyOptions): cloudwatch.MathExpression {
  checkMinimum(options.minRequests);
  if (!(options.divisor > 0)) throw new Error(`divisor must be > 0, got ${options.divisor}`);
  const prefix = options.idPrefix ?? 'l';
  const l = `${prefix}_latency`;
  const r = `${prefix}_requests`;
  checkIds(l, r);
  const scaled = options.divisor === 1 ? l : `${l} / ${options.divisor}`;
  return new cloudwatch.MathExpression({
    expression: `IF(FILL(${r}, 0) >= ${options.minRequests}, ${scaled}, 0)`,
    usingMetrics: { [l]: options.latency, [r]: options.requests },
    period: options.period,
    label: options.label,
  });
}
