/** Shared helpers for the local-run tests: golden records, their CSV rows, the bundled model. */
import golden from '../../model/bundled/golden.json';
import { CustomerRecord } from '../../lambda/predict/customer-record';
import { encodeCsv } from '../../lambda/predict/feature-encoder';
import { BUNDLED_CONTRACT } from '../support/model-packages';
import { loadLocalModelPackage } from '../../local/local-model-package';

export interface GoldenCase {
  readonly record: CustomerRecord;
  readonly churnProbability: number;
}

/** model/bundled/golden.json: held-out records with xgboost 1.7.4's probabilities. */
export const GOLDEN: readonly GoldenCase[] = golden.records.map(({ record, churnProbability }) => ({
  record: record as CustomerRecord,
  churnProbability,
}));

/** How far a probability may be from golden.json's. */
export const GOLDEN_TOLERANCE = 1e-6;

/** The CSV row the prediction function sends for golden record `index`. */
export function goldenCsvRow(index: number): string {
  return encodeCsv([GOLDEN[index].record], BUNDLED_CONTRACT);
}

/** The bundled model, loaded once per test file. */
export const BUNDLED_MODEL = loadLocalModelPackage().model;

export const FEATURE_COUNT = BUNDLED_CONTRACT.features.length;

/** The largest |a - b| over two equally long lists (Infinity when their lengths differ). */
export function maxAbsDifference(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  return a.reduce((max, value, index) => Math.max(max, Math.abs(value - b[index])), 0);
}
