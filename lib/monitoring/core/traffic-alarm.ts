import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { MetricAggregation } from './metric-options';
import { AlarmFactory } from './alarm-factory';
import { ResolvedAlarmThresholds } from './alarm-thresholds';
import { guardedLatencyMillis, guardedRatePercent } from './guarded-expressions';
import { Severity, SeverityThresholds } from './severity';

/** Fewest requests a window of this length needs for a rate or percentile to count. */
export function minimumRequests(thresholds: ResolvedAlarmThresholds, period: Duration): number {
  return thresholds.minimumRequestsPerMinute * period.toMinutes();
}

/** A metric of a service's metric factory, at the given statistic and window. */
type MetricOf = (options: MetricAggregation) => cloudwatch.IMetric;

const sum = (period: Duration): MetricAggregation => ({ statistic: cloudwatch.Stats.SUM, period });

interface TrafficAlarmDefinition {
  /** Construct id prefix and runbook section (a heading of docs/RUNBOOK.md). */
  readonly id: string;
  /** Requests in a window (summed); below the stage's minimum traffic the alarm reads 0. */
  readonly requests: MetricOf;
  /** Legend and alarm label. */
  readonly label: string;
  readonly thresholds: SeverityThresholds;
  readonly describe: (threshold: number, severity: Severity) => string;
}

export interface RateAlarmDefinition extends TrafficAlarmDefinition {
  /** Failed requests in a window (summed). */
  readonly failures: MetricOf;
  /**
   * Whether failures are missing from `requests` (Lambda's Throttles are not Invocations).
   * @default false
   */
  readonly failuresAreNotRequests?: boolean;
}

export interface LatencyAlarmDefinition extends TrafficAlarmDefinition {
  /** The latency metric; its p99 is watched. */
  readonly latency: MetricOf;
  /**
   * Divides the latency into milliseconds (1000 for SageMaker's microseconds).
   * @default 1
   */
  readonly divisor?: number;
}

/**
 * Alarms on metrics published only for windows with traffic (API Gateway, Lambda, SageMaker
 * invocation metrics): a window without data had no requests, so nothing failed or was slow —
 * missing data is NOT_BREACHING — and windows with less than the stage's minimum traffic read 0.
 */
export class TrafficAlarms {
  constructor(
    private readonly scope: Construct,
    private readonly factory: AlarmFactory,
    private readonly thresholds: ResolvedAlarmThresholds,
  ) {}

  /** failures ÷ requests in percent. */
  public rate(definition: RateAlarmDefinition): cloudwatch.Alarm[] {
    return this.create(definition, (period) => guardedRatePercent({
      failures: definition.failures(sum(period)),
      requests: definition.requests(sum(period)),
      failuresAreNotRequests: definition.failuresAreNotRequests,
      minRequests: minimumRequests(this.thresholds, period),
      period,
      label: definition.label,
    }));
  }

  /** p99 latency in milliseconds. */
  public latencyP99(definition: LatencyAlarmDefinition): cloudwatch.Alarm[] {
    return this.create(definition, (period) => guardedLatencyMillis({
      latency: definition.latency({ statistic: cloudwatch.Stats.p(99), period }),
      requests: definition.requests(sum(period)),
      divisor: definition.divisor ?? 1,
      minRequests: minimumRequests(this.thresholds, period),
      period,
      label: definition.label,
    }));
  }

  private create(definition: TrafficAlarmDefinition, metric: (period: Duration) => cloudwatch.IMetric): cloudwatch.Alarm[] {
    return this.factory.create(this.scope, {
      id: definition.id,
      runbook: definition.id,
      metric,
      thresholds: definition.thresholds,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      describe: definition.describe,
    });
  }
}
