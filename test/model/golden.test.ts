import { encodeCsv } from '../../lambda/predict/feature-encoder';
import { FEATURE_SCHEMA } from '../../lambda/predict/feature-schema';
import { parseCsvFeatureRows } from '../../model/csv-feature-rows';
import { XgboostJsonDocument } from '../../model/xgboost-json-format';
import { XgboostJsonModel } from '../../model/xgboost-json-scorer';
import { GoldenFile, readModelJson } from './model-files';

/** How far the TypeScript scorer may drift from xgboost's float32 probability. */
const TOLERANCE = 1e-7;

const modelDocument = readModelJson<XgboostJsonDocument>('xgboost-model.json');
const model = XgboostJsonModel.fromJson(modelDocument);
const golden = readModelJson<GoldenFile>('golden.json').records;
const schemaFeatureNames = FEATURE_SCHEMA.features.map((feature) => feature.name);

/** Each golden record as the Lambda sends it (one CSV row), read back and scored here. */
const scored = golden.map(({ record, churnProbability }, index) => {
  const rows = parseCsvFeatureRows(encodeCsv([record], FEATURE_SCHEMA));
  const probability = rows.length === 1 ? model.predictProbability(rows[0]) : Number.NaN;
  return { index, rows, expected: churnProbability, probability, difference: Math.abs(probability - churnProbability) };
});
const maxDifference = Math.max(...scored.map((result) => result.difference));

describe('the bundled model against xgboost 1.7.4 (model/golden.json)', () => {
  test('the model names its features exactly as the schema orders them', () => {
    expect(modelDocument.learner.feature_names).toEqual(schemaFeatureNames);
    expect(model.featureNames).toEqual(schemaFeatureNames);
  });

  test('num_feature equals the schema feature count', () => {
    expect(Number(modelDocument.learner.learner_model_param.num_feature)).toBe(FEATURE_SCHEMA.features.length);
  });

  test(`every golden record encodes to one CSV row of ${FEATURE_SCHEMA.features.length} numbers`, () => {
    const misshapen = scored.filter(({ rows }) => rows.length !== 1 || rows[0].length !== FEATURE_SCHEMA.features.length);

    expect(misshapen.map(({ index }) => index)).toEqual([]);
  });

  test(`the scorer reproduces all ${golden.length} probabilities: max |difference| ${maxDifference.toExponential(2)} ≤ ${TOLERANCE}`, () => {
    const outliers = scored.filter(({ difference }) => !(difference <= TOLERANCE));

    expect(outliers.map(({ index, expected, probability }) => ({ index, expected, probability }))).toEqual([]);
    expect(maxDifference).toBeLessThanOrEqual(TOLERANCE);
  });

  test('the churn decision at 0.5 is the same as xgboost\'s for every golden record', () => {
    const flipped = scored.filter(({ expected, probability }) => (expected >= 0.5) !== (probability >= 0.5));

    expect(flipped.map(({ index }) => index)).toEqual([]);
  });

  test('one multi-row CSV body scores each record as a single-row body does', () => {
    const batch = parseCsvFeatureRows(encodeCsv(golden.map(({ record }) => record), FEATURE_SCHEMA));

    expect(model.predictProbabilities(batch)).toEqual(scored.map(({ probability }) => probability));
  });
});
