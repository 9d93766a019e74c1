import * as fs from 'fs';
import * as path from 'path';
import type { RiskThresholds } from '../../contract/prediction-contract';

/** The files of a package's SageMaker Model Monitor baseline (model/training/baseline.py writes them). */
export const MONITORING_BASELINE_FILES = { statistics: 'statistics.json', constraints: 'constraints.json' } as const;

/** The held-out answers as the API would give them, from the package's metrics.json (`heldOutScores`). */
export interface HeldOutScores {
  /** The risk thresholds the shares were counted at. */
  readonly riskThresholds: RiskThresholds;
  /** Mean churn probability of the held-out records. */
  readonly meanScore: number;
  /** Share of held-out records in each risk band, 0 to 1. */
  readonly riskBandShares: { readonly low: number; readonly medium: number; readonly high: number };
}

/** A package's baseline files on this machine, and what they describe. */
export interface MonitoringBaseline {
  readonly statisticsPath: string;
  readonly constraintsPath: string;
  /** The features the baseline describes, in column order (the endpoint's CSV columns). */
  readonly featureNames: readonly string[];
  /** The distance between baseline and captured distributions that the analyzer reports as drift. */
  readonly driftThreshold: number;
}

/** What a package directory holds for monitoring, with every problem found. */
export interface PackageMonitoringFiles {
  /** @default - absent when the package has no (readable) baseline files */
  readonly baseline?: MonitoringBaseline;
  /** @default - absent when metrics.json has no `heldOutScores` */
  readonly heldOutScores?: HeldOutScores;
  readonly problems: readonly string[];
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const INFERRED_TYPES = ['Integral', 'Fractional', 'String', 'Unknown'];

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/**
 * Problems of a statistics.json against the documented fields (SageMaker developer guide, "Schema
 * for Statistics (statistics.json file)", model-monitor-byoc-statistics.html): `version`,
 * `dataset.item_count`, and per feature `name`, `inferred_type` and `numerical_statistics` with
 * `common.num_present`/`num_missing`, `mean`, `sum`, `std_dev`, `min`, `max` and a KLL
 * `distribution` (buckets with bounds and counts; a sketch with parameters `c`, `k` and `data`).
 */
export function statisticsProblems(document: unknown, featureNames: readonly string[]): string[] {
  if (!isObject(document)) return ['statistics.json must be an object'];
  const problems: string[] = [];
  if (document.version !== 0) problems.push('statistics.json: version must be 0');
  const dataset = document.dataset;
  if (!isObject(dataset) || !isNumber(dataset.item_count)) problems.push('statistics.json: dataset.item_count must be a number');
  const features = Array.isArray(document.features) ? document.features : [];
  const names = features.map((feature) => (isObject(feature) ? feature.name : undefined));
  if (JSON.stringify(names) !== JSON.stringify(featureNames)) {
    problems.push(`statistics.json: features must be the contract's features in order (${featureNames.join(', ')}), got ${JSON.stringify(names)}`);
  }
  features.forEach((feature, index) => {
    const at = `statistics.json: features[${index}]`;
    if (!isObject(feature)) return;
    if (!['Integral', 'Fractional'].includes(feature.inferred_type as string)) problems.push(`${at}.inferred_type must be Integral or Fractional`);
    const stats = feature.numerical_statistics;
    if (!isObject(stats)) {
      problems.push(`${at}.numerical_statistics is missing`);
      return;
    }
    const common = stats.common;
    if (!isObject(common) || !isNumber(common.num_present) || !isNumber(common.num_missing)) problems.push(`${at}.numerical_statistics.common needs num_present and num_missing`);
    for (const key of ['mean', 'sum', 'std_dev', 'min', 'max']) if (!isNumber(stats[key])) problems.push(`${at}.numerical_statistics.${key} must be a number`);
    const kll = isObject(stats.distribution) ? stats.distribution.kll : undefined;
    const buckets = isObject(kll) ? kll.buckets : undefined;
    if (!Array.isArray(buckets) || buckets.length === 0
      || !buckets.every((b) => isObject(b) && isNumber(b.lower_bound) && isNumber(b.upper_bound) && isNumber(b.count))) {
      problems.push(`${at}.numerical_statistics.distribution.kll.buckets must list { lower_bound, upper_bound, count }`);
    }
    const sketch = isObject(kll) ? kll.sketch : undefined;
    const parameters = isObject(sketch) ? sketch.parameters : undefined;
    if (!isObject(sketch) || !isObject(parameters) || !isNumber(parameters.c) || !isNumber(parameters.k)
      || !Array.isArray(sketch.data) || !sketch.data.every((level) => Array.isArray(level) && level.every(isNumber))) {
      problems.push(`${at}.numerical_statistics.distribution.kll.sketch needs parameters { c, k } and data (levels of numbers)`);
    }
  });
  return problems;
}

/**
 * Problems of a constraints.json against the documented fields (SageMaker developer guide, "Schema
 * for Constraints (constraints.json file)", model-monitor-byoc-constraints.html): `version`, per
 * feature `name`, `inferred_type`, `completeness` and `num_constraints.is_non_negative`, and a
 * `monitoring_config` that evaluates the constraints, emits metrics and compares distributions.
 */
export function constraintsProblems(document: unknown, featureNames: readonly string[]): string[] {
  if (!isObject(document)) return ['constraints.json must be an object'];
  const problems: string[] = [];
  if (document.version !== 0) problems.push('constraints.json: version must be 0');
  const features = Array.isArray(document.features) ? document.features : [];
  const names = features.map((feature) => (isObject(feature) ? feature.name : undefined));
  if (JSON.stringify(names) !== JSON.stringify(featureNames)) {
    problems.push(`constraints.json: features must be the contract's features in order, got ${JSON.stringify(names)}`);
  }
  features.forEach((feature, index) => {
    const at = `constraints.json: features[${index}]`;
    if (!isObject(feature)) return;
    if (!INFERRED_TYPES.includes(feature.inferred_type as string)) problems.push(`${at}.inferred_type must be one of ${INFERRED_TYPES.join(', ')}`);
    if (!isNumber(feature.completeness) || feature.completeness < 0 || feature.completeness > 1) problems.push(`${at}.completeness must be in [0, 1]`);
    if (!isObject(feature.num_constraints) || typeof feature.num_constraints.is_non_negative !== 'boolean') problems.push(`${at}.num_constraints.is_non_negative must be a boolean`);
  });
  const config = document.monitoring_config;
  if (!isObject(config)) {
    problems.push('constraints.json: monitoring_config is missing');
    return problems;
  }
  // Without emitted metrics there is nothing to alarm on; without a comparison, no drift.
  if (config.emit_metrics !== 'Enabled') problems.push('constraints.json: monitoring_config.emit_metrics must be Enabled (the drift alarms read its metrics)');
  if (config.evaluate_constraints !== 'Enabled') problems.push('constraints.json: monitoring_config.evaluate_constraints must be Enabled');
  const distribution = config.distribution_constraints;
  if (!isObject(distribution) || distribution.perform_comparison !== 'Enabled' || !isNumber(distribution.comparison_threshold)) {
    problems.push('constraints.json: monitoring_config.distribution_constraints must enable perform_comparison with a comparison_threshold');
  }
  return problems;
}

/** Problems of metrics.json's `heldOutScores`, or the scores. */
export function heldOutScoresOf(metrics: unknown): HeldOutScores | string {
  const scores = isObject(metrics) ? metrics.heldOutScores : undefined;
  if (!isObject(scores)) return 'metrics.json has no heldOutScores: retrain the package (npm run train)';
  const thresholds = scores.riskThresholds;
  const shares = scores.riskBandShares;
  if (!isObject(thresholds) || !isNumber(thresholds.medium) || !isNumber(thresholds.high) || !isNumber(scores.meanScore)
    || !isObject(shares) || !isNumber(shares.low) || !isNumber(shares.medium) || !isNumber(shares.high)) {
    return 'metrics.json: heldOutScores needs riskThresholds { medium, high }, meanScore and riskBandShares { low, medium, high }';
  }
  return {
    riskThresholds: { medium: thresholds.medium, high: thresholds.high },
    meanScore: scores.meanScore,
    riskBandShares: { low: shares.low, medium: shares.medium, high: shares.high },
  };
}

/**
 * Reads a package directory's monitoring files: the Model Monitor baseline (checked against the
 * documented schemas and the contract's features) and the held-out score distribution. Missing
 * files leave their part absent, which turns the monitoring that needs it off; malformed ones are problems.
 */
export function readPackageMonitoringFiles(directory: string, featureNames: readonly string[]): PackageMonitoringFiles {
  const problems: string[] = [];
  const statisticsPath = path.join(directory, MONITORING_BASELINE_FILES.statistics);
  const constraintsPath = path.join(directory, MONITORING_BASELINE_FILES.constraints);
  let baseline: MonitoringBaseline | undefined;
  if (fs.existsSync(statisticsPath) && fs.existsSync(constraintsPath)) {
    const found = [
      ...statisticsProblems(readJsonOr(statisticsPath, problems), featureNames),
      ...constraintsProblems(readJsonOr(constraintsPath, problems), featureNames),
    ];
    problems.push(...found);
    if (found.length === 0) {
      const constraints = readJson(constraintsPath) as { monitoring_config: { distribution_constraints: { comparison_threshold: number } } };
      baseline = { statisticsPath, constraintsPath, featureNames, driftThreshold: constraints.monitoring_config.distribution_constraints.comparison_threshold };
    }
  }
  const metricsPath = path.join(directory, 'metrics.json');
  const scores = fs.existsSync(metricsPath) ? heldOutScoresOf(readJsonOr(metricsPath, problems)) : undefined;
  return { baseline, heldOutScores: typeof scores === 'object' ? scores : undefined, problems };
}

function readJsonOr(file: string, problems: string[]): unknown {
  try {
    return readJson(file);
  } catch (error) {
    problems.push(`${path.basename(file)} cannot be read: ${(error as Error).message}`);
    return undefined;
  }
}
