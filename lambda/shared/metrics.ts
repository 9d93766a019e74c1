import { Metrics, MetricUnit as PowertoolsUnit } from '@aws-lambda-powertools/metrics';

/**
 * The function's CloudWatch metrics, written by Powertools for AWS Lambda in Embedded Metric
 * Format: log lines CloudWatch turns into metrics, with no API call and no added latency.
 */
export const METRICS_NAMESPACE = 'ChurnPrediction';
export const METRICS_SERVICE = 'PredictFunction';

export type MetricUnit = 'Count' | 'Milliseconds' | 'None';

/** One value of a group written together. */
export interface MetricValue {
  readonly name: string;
  readonly value: number;
  readonly unit: MetricUnit;
}

/** What the handler needs of a metrics library; fakes implement it in tests. */
export interface MetricWriter {
  /** Records one value. Dimensions (names and values) must never hold customer data. */
  put(name: string, value: number, unit: MetricUnit, dimensions?: Readonly<Record<string, string>>): void;
  /** Records several values with the same dimensions, written at once on one line. */
  putAll(values: readonly MetricValue[], dimensions: Readonly<Record<string, string>>): void;
  /** Records `ColdStart` once, on an execution environment's first invocation. */
  captureColdStart(): void;
  /** Writes what was recorded since the last flush; called once at the end of every invocation. */
  flush(): void;
}

const UNITS: Record<MetricUnit, (typeof PowertoolsUnit)[keyof typeof PowertoolsUnit]> = { Count: PowertoolsUnit.Count, Milliseconds: PowertoolsUnit.Milliseconds, None: PowertoolsUnit.NoUnit };

/** A MetricWriter on Powertools Metrics: namespace `ChurnPrediction`, dimension `service`. */
export function createPowertoolsMetricWriter(metrics: Metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE })): MetricWriter {
  return {
    put(name, value, unit, dimensions) {
      if (dimensions === undefined) {
        metrics.addMetric(name, UNITS[unit], value);
        return;
      }
      // A metric with its own dimensions is written at once, on its own line.
      const single = metrics.singleMetric();
      for (const [dimension, dimensionValue] of Object.entries(dimensions)) single.addDimension(dimension, dimensionValue);
      single.addMetric(name, UNITS[unit], value);
    },
    putAll(values, dimensions) {
      // singleMetric() writes each value on its own line: a group of its own keeps them on one.
      const group = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE });
      group.addDimensions({ ...dimensions });
      for (const { name, value, unit } of values) group.addMetric(name, UNITS[unit], value);
      group.publishStoredMetrics();
    },
    captureColdStart: () => metrics.captureColdStartMetric(),
    flush() {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    },
  };
}
