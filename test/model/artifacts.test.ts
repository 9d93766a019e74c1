import { createHash } from 'crypto';
import { gunzipSync } from 'zlib';
import { predictionRequestSchema } from '../../contract/prediction-contract';
import { validatePredictionRequest } from '../../lambda/predict/request-validator';
import { GoldenFile, MetricsFile, readModelFile, readModelJson } from './model-files';
import { readTarEntries } from './ustar-archive';

/** The hash model/README.md and model/data/README.md document for the training data. */
const DATA_SHA256 = '7eaf98ebcdf529c260539b939b6d1e8f5001b9d3d5266810560ba070c5bc2046';
/** The largest batch the API accepts (only single records are checked here). */
const MAX_RECORDS = 100;

/** Byte offsets and values of the gzip member header (RFC 1952). */
const GZIP_MAGIC = [0x1f, 0x8b];
const GZIP_FLAGS_OFFSET = 3;
const GZIP_MTIME_OFFSET = 4;
const GZIP_FNAME_FLAG = 0x08;

describe('model/model.tar.gz', () => {
  const archive = readModelFile('model.tar.gz');
  const entries = readTarEntries(gunzipSync(archive));

  test('holds exactly one entry, named xgboost-model, as the serving container requires', () => {
    expect(entries.map((entry) => entry.name)).toEqual(['xgboost-model']);
    expect(entries[0].typeFlag).toBe('0');
  });

  test('its entry holds the bytes of model/xgboost-model.json', () => {
    expect(entries[0].content.equals(readModelFile('xgboost-model.json'))).toBe(true);
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

describe('model/metrics.json', () => {
  const metrics = readModelJson<MetricsFile>('metrics.json');
  const { truePositive, falsePositive, trueNegative, falseNegative } = metrics.confusionMatrix;

  test('held-out AUC is at least 0.92 and accuracy at least 0.95', () => {
    expect(metrics.auc).toBeGreaterThanOrEqual(0.92);
    expect(metrics.accuracy).toBeGreaterThanOrEqual(0.95);
  });

  test('the confusion matrix counts every held-out row once, and agrees with the accuracy', () => {
    expect(truePositive + falsePositive + trueNegative + falseNegative).toBe(metrics.heldOutRows);
    expect((truePositive + trueNegative) / metrics.heldOutRows).toBeCloseTo(metrics.accuracy, 6);
  });

  test('training and held-out rows together are the whole data set', () => {
    const dataRows = readModelFile('data/mlc_churn.csv').toString('utf8').trim().split('\n').length - 1;

    expect(metrics.trainingRows + metrics.heldOutRows).toBe(dataRows);
  });

  test('was produced by xgboost 1.7.4, the version the serving image ships', () => {
    expect(metrics.xgboostVersion).toBe('1.7.4');
  });
});

describe('model/golden.json', () => {
  const records = readModelJson<GoldenFile>('golden.json').records;

  test('holds at least 100 records', () => {
    expect(records.length).toBeGreaterThanOrEqual(100);
  });

  test('every record is a valid prediction request', () => {
    const rejected = records
      .map(({ record }, index) => ({ index, result: validatePredictionRequest(
        JSON.stringify({ records: [record] }), predictionRequestSchema({ maxRecords: MAX_RECORDS, allowedVariants: [] }),
      ) }))
      .filter(({ result }) => !result.ok);

    expect(rejected).toEqual([]);
  });

  test('includes customers who churned and customers who stayed', () => {
    expect(new Set(records.map(({ churned }) => churned))).toEqual(new Set([true, false]));
  });
});

describe('model/data/mlc_churn.csv', () => {
  test('is the documented file (sha256)', () => {
    expect(createHash('sha256').update(readModelFile('data/mlc_churn.csv')).digest('hex')).toBe(DATA_SHA256);
  });
});
