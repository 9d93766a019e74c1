import { encodeCsv } from '../../lambda/predict/feature-encoder';
import { parseCsvFeatureRows } from '../../model/csv-feature-rows';
import { XgboostJsonModel } from '../../model/xgboost-json-scorer';
import { archivedModelOf, contractOf, goldenOf } from '../support/model-packages';
import { COMMITTED_PACKAGES } from './model-files';

/** How far the TypeScript scorer may drift from xgboost's float32 probability. */
const TOLERANCE = 1e-7;

describe.each(COMMITTED_PACKAGES)('the package $label against xgboost 1.7.4 (its golden.json)', ({ directory, featureCount }) => {
  const modelDocument = archivedModelOf(directory);
  const model = XgboostJsonModel.fromJson(modelDocument);
  const contract = contractOf(directory);
  const golden = goldenOf(directory);
  const contractFeatureNames = contract.features.map((feature) => feature.name);

  /** Each golden record as the Lambda sends it (one CSV row), read back and scored here. */
  const scored = golden.map(({ record, churnProbability }, index) => {
    const rows = parseCsvFeatureRows(encodeCsv([record], contract));
    const probability = rows.length === 1 ? model.predictProbability(rows[0]) : Number.NaN;
    return { index, rows, expected: churnProbability, probability, difference: Math.abs(probability - churnProbability) };
  });
  const maxDifference = Math.max(...scored.map((result) => result.difference));

  test(`the model names its ${featureCount} features exactly as the contract orders them`, () => {
    expect(contractFeatureNames).toHaveLength(featureCount);
    expect(modelDocument.learner.feature_names).toEqual(contractFeatureNames);
    expect(model.featureNames).toEqual(contractFeatureNames);
    expect(Number(modelDocument.learner.learner_model_param.num_feature)).toBe(featureCount);
  });

  test('every golden record encodes to one CSV row of one number per feature', () => {
    const misshapen = scored.filter(({ rows }) => rows.length !== 1 || rows[0].length !== featureCount);
    expect(misshapen.map(({ index }) => index)).toEqual([]);
  });

  test(`the scorer reproduces every golden probability within ${TOLERANCE}`, () => {
    const outliers = scored.filter(({ difference }) => !(difference <= TOLERANCE));
    expect(outliers.map(({ index, expected, probability }) => ({ index, expected, probability }))).toEqual([]);
    expect(maxDifference).toBeLessThanOrEqual(TOLERANCE);
  });

  test('the churn decision at 0.5 is the same as xgboost\'s for every golden record', () => {
    const flipped = scored.filter(({ expected, probability }) => (expected >= 0.5) !== (probability >= 0.5));
    expect(flipped.map(({ index }) => index)).toEqual([]);
  });

  test('one multi-row CSV body scores each record as a single-row body does', () => {
    const batch = parseCsvFeatureRows(encodeCsv(golden.map(({ record }) => record), contract));
    expect(model.predictProbabilities(batch)).toEqual(scored.map(({ probability }) => probability));
  });
});
