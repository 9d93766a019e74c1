/**
 * CloudWatch metrics written as Embedded Metric Format log lines: no API call, no extra
 * latency, and CloudWatch extracts them from the function's log group.
 * Format: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
export const METRICS_NAMESPACE = 'ChurnPrediction';

export type MetricUnit = 'Count' | 'Milliseconds';

export interface MetricWriter {
  /** Writes one metric value, with optional dimensions (names and values must not hold customer data). */
  put(name: string, value: number, unit: MetricUnit, dimensions?: Readonly<Record<string, string>>): void;
}

export function createEmfMetricWriter(
  service: string,
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  now: () => number = Date.now,
): MetricWriter {
  return {
    put(name, value, unit, dimensions = {}) {
      const allDimensions = { Service: service, ...dimensions };
      write(JSON.stringify({
        _aws: {
          Timestamp: now(),
          CloudWatchMetrics: [{
            Namespace: METRICS_NAMESPACE,
            Dimensions: [Object.keys(allDimensions)],
            Metrics: [{ Name: name, Unit: unit }],
          }],
        },
        ...allDimensions,
        [name]: value,
      }));
    },
  };
}
