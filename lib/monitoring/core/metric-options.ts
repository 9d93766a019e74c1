import { Duration } from 'aws-cdk-lib';

/** How a factory's metric is aggregated. Units are fixed by the service and documented per metric. */
export interface MetricAggregation {
  /** Statistic, e.g. `Sum`, `Average`, `Maximum`, `p99`. */
  readonly statistic: string;
  /** Aggregation window. */
  readonly period: Duration;
  /**
   * Legend label on dashboards.
   * @default - CloudWatch's default label
   */
  readonly label?: string;
}
