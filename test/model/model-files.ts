import * as fs from 'fs';
import * as path from 'path';
import { CustomerRecord } from '../../lambda/predict/customer-record';

/** The folder model/train.py writes its artifacts to. */
export const MODEL_DIR = path.join(__dirname, '..', '..', 'model');

/** The bytes of a file under model/. */
export function readModelFile(relativePath: string): Buffer {
  return fs.readFileSync(path.join(MODEL_DIR, relativePath));
}

/** A JSON file under model/, parsed (read at run time: the model is too large to type-check as a module). */
export function readModelJson<T>(relativePath: string): T {
  return JSON.parse(readModelFile(relativePath).toString('utf8')) as T;
}

/** One entry of model/golden.json: a held-out record and xgboost 1.7.4's probability for it. */
export interface GoldenRecord {
  readonly record: CustomerRecord;
  readonly churnProbability: number;
  readonly churned: boolean;
}

/** model/golden.json. */
export interface GoldenFile {
  readonly description: string;
  readonly records: readonly GoldenRecord[];
}

/** model/metrics.json (the fields the tests read). */
export interface MetricsFile {
  readonly heldOutRows: number;
  readonly trainingRows: number;
  readonly auc: number;
  readonly accuracy: number;
  readonly confusionMatrix: {
    readonly truePositive: number;
    readonly falsePositive: number;
    readonly trueNegative: number;
    readonly falseNegative: number;
  };
  readonly xgboostVersion: string;
}
