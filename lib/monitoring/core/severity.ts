import { Duration } from 'aws-cdk-lib';

/**
 * How urgent an alarm is. The convention the whole module follows:
 * - `critical`: customers are failing or about to fail now (errors, timeouts, the end-to-end latency
 *   budget blown, requests that never reach the model). Every critical alarm is a child of the
 *   composite "service unhealthy" alarm, and only that composite pages (critical topic).
 * - `warning`: something degrades or runs out (a budget part exceeded, capacity near its ceiling,
 *   client errors spiking). Someone looks during working hours (warning topic).
 */
export enum Severity {
  CRITICAL = 'critical',
  WARNING = 'warning',
}

/** Alarm thresholds keyed by severity; a severity left out raises no alarm at that level. */
export interface SeverityThresholds {
  /**
   * Threshold of the critical alarm.
   * @default - no critical alarm on this metric
   */
  readonly critical?: number;
  /**
   * Threshold of the warning alarm.
   * @default - no warning alarm on this metric
   */
  readonly warning?: number;
}

/** How long a condition must last before an alarm of a severity fires. */
export interface EvaluationPolicy {
  /** Length of one evaluated window. */
  readonly period: Duration;
  /** Windows looked at. */
  readonly evaluationPeriods: number;
  /** Breaching windows among them that raise the alarm. */
  readonly datapointsToAlarm: number;
}

/**
 * Critical alarms look at one-minute windows and fire on 3 breaching minutes out of 5: an outage
 * pages within about three minutes, one bad minute does not. Warnings look at five-minute windows,
 * 2 out of 3: slower, and quiet about blips.
 */
export const EVALUATION_POLICIES: Readonly<Record<Severity, EvaluationPolicy>> = {
  [Severity.CRITICAL]: { period: Duration.minutes(1), evaluationPeriods: 5, datapointsToAlarm: 3 },
  [Severity.WARNING]: { period: Duration.minutes(5), evaluationPeriods: 3, datapointsToAlarm: 2 },
};

/** Severities in a fixed order, for deterministic construct trees. */
export const SEVERITIES: readonly Severity[] = [Severity.CRITICAL, Severity.WARNING];

/** The tag every alarm of this module carries, naming its severity (operators filter on it). */
export const SEVERITY_TAG_KEY = 'Severity';
