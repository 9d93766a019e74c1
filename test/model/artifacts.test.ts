import Ajv from 'ajv';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { gunzipSync } from 'zlib';
import { predictionRequestSchema } from '../../contract/prediction-contract';
import { validatePredictionRequest } from '../../lambda/predict/request-validator';
import { readTarEntries } from '../../lib/model/tar-archive';
import { contractOf, REPO_ROOT } from '../support/model-packages';
import { COMMITTED_PACKAGES, DATA_FILE, GoldenFile, MetricsFile, readPackageFile, readPackageJson } from './model-files';

/** The hash model/README.md and model/data/README.md document for the training data. */
const DATA_SHA256 = '7eaf98ebcdf529c260539b939b6d1e8f5001b9d3d5266810560ba070c5bc2046';
/** The largest batch the API accepts (only single records are checked here). */
const MAX_RECORDS = 100;

/** Byte offsets and values of the gzip member header (RFC 1952). */
const GZIP_MAGIC = [0x1f, 0x8b];
const GZIP_FLAGS_OFFSET = 3;
const GZIP_MTIME_OFFSET = 4;
const GZIP_FNAME_FLAG = 0x08;

describe.each(COMMITTED_PACKAGES)('the package $label', (committed) => {
  const { directory } = committed;

  describe('model.tar.gz', () => {
    const archive = readPackageFile(directory, 'model.tar.gz');
    const entries = readTarEntries(gunzipSync(archive));

    test('holds exactly one entry, named xgboost-model, as the serving container requires', () => {
      expect(entries.map((entry) => entry.name)).toEqual(['xgboost-model']);
      expect(entries[0].typeFlag).toBe('0');
    });

    test('is reproducible: gzip header mtime 0 and no stored file name', () => {
      expect([...archive.subarray(0, 2)]).toEqual(GZIP_MAGIC);
      expect(archive.readUInt32LE(GZIP_MTIME_OFFSET)).toBe(0);
      expect(archive[GZIP_FLAGS_OFFSET] & GZIP_FNAME_FLAG).toBe(0);
    });

    test('is reproducible: the tar entry has mtime 0, uid 0, gid 0 and no owner names', () => {
      expect(entries[0]).toMatchObject({ magic: 'ustar', mtime: 0, uid: 0, gid: 0, uname: '', gname: '', mode: 0o644 });
    });
  });

  describe('metrics.json', () => {
    const metrics = readPackageJson<MetricsFile>(directory, 'metrics.json');
    const { truePositive, falsePositive, trueNegative, falseNegative } = metrics.confusionMatrix;

    test(`held-out AUC is at least ${committed.minimumAuc}, accuracy at least ${committed.minimumAccuracy}, Brier score at most ${committed.maximumBrierScore}`, () => {
      expect(metrics.auc).toBeGreaterThanOrEqual(committed.minimumAuc);
      expect(metrics.accuracy).toBeGreaterThanOrEqual(committed.minimumAccuracy);
      expect(metrics.brierScore).toBeLessThanOrEqual(committed.maximumBrierScore);
    });

    test('the confusion matrix counts every held-out row once, and agrees with the accuracy', () => {
      expect(truePositive + falsePositive + trueNegative + falseNegative).toBe(metrics.heldOutRows);
      expect((truePositive + trueNegative) / metrics.heldOutRows).toBeCloseTo(metrics.accuracy, 6);
    });

    test('the reliability table has ten bins covering [0, 1] that count every held-out row once, and gives the calibration error', () => {
      const bins = metrics.reliability;
      expect(bins.map(({ lower, upper }) => [lower, upper])).toEqual(Array.from({ length: 10 }, (_, b) => [b / 10, (b + 1) / 10]));
      expect(bins.reduce((total, bin) => total + bin.records, 0)).toBe(metrics.heldOutRows);
      for (const bin of bins) {
        if (bin.records === 0) expect(bin).toMatchObject({ meanPredicted: null, observedRate: null });
        else expect(bin.meanPredicted).toBeGreaterThanOrEqual(bin.lower - 1e-6);
      }
      const weighted = bins.reduce((total, bin) => total + (bin.records === 0 ? 0
        : (bin.records / metrics.heldOutRows) * Math.abs((bin.meanPredicted as number) - (bin.observedRate as number))), 0);
      expect(metrics.expectedCalibrationError).toBeCloseTo(weighted, 5);
      // Positives per bin add up to the positives held out.
      const positives = bins.reduce((total, bin) => total + (bin.records === 0 ? 0 : Math.round(bin.records * (bin.observedRate as number))), 0);
      expect(positives).toBe(truePositive + falseNegative);
    });

    test('training and held-out rows together are the whole data set', () => {
      const dataRows = fs.readFileSync(DATA_FILE, 'utf8').trim().split('\n').length - 1;
      expect(metrics.trainingRows + metrics.heldOutRows).toBe(dataRows);
    });

    test('was produced by xgboost 1.7.4, the version the serving image ships, and names its package', () => {
      expect(metrics.xgboostVersion).toBe('1.7.4');
      expect(metrics.model).toBe(contractOf(directory).name);
    });
  });

  describe('golden.json', () => {
    const records = readPackageJson<GoldenFile>(directory, 'golden.json').records;
    const contract = contractOf(directory);

    test('holds at least 100 records', () => {
      expect(records.length).toBeGreaterThanOrEqual(100);
    });

    test('every record is a valid prediction request under the package\'s contract', () => {
      const schema = predictionRequestSchema({ maxRecords: MAX_RECORDS, allowedVariants: [], fields: contract.fields });
      const rejected = records
        .map(({ record }, index) => ({ index, result: validatePredictionRequest(JSON.stringify({ records: [record] }), schema) }))
        .filter(({ result }) => !result.ok);
      expect(rejected).toEqual([]);
    });

    test('includes customers who churned and customers who stayed', () => {
      expect(new Set(records.map(({ churned }) => churned))).toEqual(new Set([true, false]));
    });
  });

  describe('spec.json', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'model', 'training-spec.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const spec = readPackageJson<Record<string, unknown>>(directory, 'spec.json');

    test('is a valid training spec (model/training-spec.schema.json)', () => {
      expect(validate(spec) ? [] : validate.errors).toEqual([]);
    });

    test('trained the contract\'s package: same name and description', () => {
      expect(contractOf(directory)).toMatchObject({ name: spec.name, description: spec.description });
    });
  });
});

describe('model/training-spec.schema.json', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'model', 'training-spec.schema.json'), 'utf8')) as object;
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  const spec = readPackageJson<Record<string, unknown>>(COMMITTED_PACKAGES[0].directory, 'spec.json');
  const xgboost = spec.xgboost as { params: Record<string, unknown>; boostRounds: number };

  test.each([
    ['another objective', { ...spec, xgboost: { ...xgboost, params: { ...xgboost.params, objective: 'reg:squarederror' } } }],
    ['early stopping', { ...spec, xgboost: { ...xgboost, params: { ...xgboost.params, early_stopping_rounds: 10 } } }],
    ['an unknown field type', { ...spec, fields: [{ name: 'x', column: 'x', type: 'date', description: 'x' }] }],
    ['a boolean field with a range', { ...spec, fields: [{ name: 'x', column: 'x', type: 'boolean', minimum: 0, description: 'x' }] }],
    ['customerId as a field', { ...spec, fields: [{ name: 'customerId', column: 'x', type: 'integer', description: 'x' }] }],
    ['a sum without a name', { ...spec, features: [{ sum: ['a', 'b'] }] }],
    ['a misspelt property', { ...spec, excludedColumn: ['state'] }],
  ])('refuses a spec with %s', (_, bad) => {
    expect(validate(bad)).toBe(false);
  });
});

describe('model/data/mlc_churn.csv', () => {
  test('is the documented file (sha256)', () => {
    expect(createHash('sha256').update(fs.readFileSync(DATA_FILE)).digest('hex')).toBe(DATA_SHA256);
  });
});
