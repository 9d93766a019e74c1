import * as fs from 'fs';
import * as path from 'path';
import { constraintsProblems, heldOutScoresOf, readPackageMonitoringFiles, statisticsProblems } from '../../lib/model/monitoring-baseline';
import { DEFAULT_RISK_THRESHOLDS } from '../../contract/prediction-contract';

const PACKAGES = ['model/bundled', 'examples/state-model'].map((dir) => path.join(__dirname, '..', '..', dir));
const readJson = (file: string): Record<string, unknown> => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
const featuresOf = (dir: string): string[] => (readJson(path.join(dir, 'contract.json')).features as { name: string }[]).map((f) => f.name);

describe.each(PACKAGES)('the committed package %s', (dir) => {
  test('has a Model Monitor baseline in the documented formats, for the contract\'s features in order', () => {
    const read = readPackageMonitoringFiles(dir, featuresOf(dir));
    expect(read.problems).toEqual([]);
    expect(read.baseline?.featureNames).toEqual(featuresOf(dir));
  });

  test('describes the training rows: item_count is metrics.json\'s trainingRows, no value missing', () => {
    const statistics = readJson(path.join(dir, 'statistics.json')) as { dataset: { item_count: number }; features: { numerical_statistics: { common: { num_present: number; num_missing: number }; min: number; max: number } }[] };
    expect(statistics.dataset.item_count).toBe(readJson(path.join(dir, 'metrics.json')).trainingRows);
    for (const feature of statistics.features) {
      expect(feature.numerical_statistics.common).toEqual({ num_present: statistics.dataset.item_count, num_missing: 0 });
      expect(feature.numerical_statistics.min).toBeLessThanOrEqual(feature.numerical_statistics.max);
    }
  });

  test('records the held-out answers at the API\'s default risk thresholds, shares adding up to 1', () => {
    const scores = heldOutScoresOf(readJson(path.join(dir, 'metrics.json')));
    if (typeof scores === 'string') throw new Error(scores);
    expect(scores.riskThresholds).toEqual(DEFAULT_RISK_THRESHOLDS);
    const { low, medium, high } = scores.riskBandShares;
    expect(low + medium + high).toBeCloseTo(1, 6);
    expect(scores.meanScore).toBeGreaterThan(0);
    expect(scores.meanScore).toBeLessThan(1);
  });
});

describe('the baseline checks catch what the analyzer would reject', () => {
  const dir = PACKAGES[0];
  const features = featuresOf(dir);
  const statistics = () => readJson(path.join(dir, 'statistics.json')) as { features: Record<string, unknown>[] };
  const constraints = () => readJson(path.join(dir, 'constraints.json')) as { monitoring_config: Record<string, unknown>; features: Record<string, unknown>[] };

  test('features out of the contract\'s order', () => {
    const document = statistics();
    document.features.reverse();
    expect(statisticsProblems(document, features).join('\n')).toMatch(/contract's features in order/);
  });

  test('a feature without a KLL sketch', () => {
    const document = statistics();
    delete ((document.features[0].numerical_statistics as Record<string, Record<string, Record<string, unknown>>>).distribution.kll).sketch;
    expect(statisticsProblems(document, features)).toEqual([expect.stringMatching(/features\[0\].*sketch/)]);
  });

  test('metrics not emitted (nothing to alarm on)', () => {
    const document = constraints();
    document.monitoring_config.emit_metrics = 'Disabled';
    expect(constraintsProblems(document, features)).toEqual([expect.stringMatching(/emit_metrics must be Enabled/)]);
  });

  test('metrics.json from before held-out scores were recorded', () => {
    expect(heldOutScoresOf({ auc: 0.9 })).toMatch(/no heldOutScores/);
  });
});
