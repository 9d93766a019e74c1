import type { ModelContract } from '../../contract/model-contract';
import { customerRecordSchema } from '../../contract/prediction-contract';
import type { CustomerRecord } from '../../lambda/predict/customer-record';
import { encodeFeatures } from '../../lambda/predict/feature-encoder';
import { validateAgainstSchema } from '../../lambda/predict/schema-validator';

/** One golden record: a customer record in API shape and xgboost's probability for it. */
export interface GoldenRecord {
  readonly record: CustomerRecord;
  readonly churnProbability: number;
  /**
   * Whether the customer churned (information only).
   * @default - not recorded
   */
  readonly churned?: boolean;
}

/** What scores a feature row: the package's model, read from its archive. */
export interface ProbabilityScorer {
  predictProbability(features: ArrayLike<number>): number;
}

/**
 * How far a score may be from golden.json's: the serving container and the TypeScript scorer agree
 * within a float32 ulp (about 6e-8 near 1); `npm run verify` uses the same tolerance after deploy.
 */
export const GOLDEN_TOLERANCE = 1e-6;

const MAX_LISTED = 3;

/** The records of golden.json (`{ "records": [{ "record": {...}, "churnProbability": 0.02 }, ...] }`), or the problem with it. */
export function goldenRecordsOf(document: unknown): GoldenRecord[] | string {
  const records = (document as { records?: unknown } | null)?.records;
  if (!Array.isArray(records) || records.length === 0) return 'golden.json must hold a non-empty "records" array';
  const malformed = records.findIndex((entry) => typeof entry?.record !== 'object' || entry.record === null
    || typeof entry.churnProbability !== 'number');
  if (malformed !== -1) return `golden.json records[${malformed}] must be { "record": {...}, "churnProbability": <number> }`;
  return records as GoldenRecord[];
}

/**
 * Checks golden records against a package: each must be a valid record of its contract, and the
 * archive's model must score each as recorded. A model file swapped for another one with the same
 * features is caught here.
 */
export function goldenRecordsProblems(golden: readonly GoldenRecord[], contract: ModelContract, model: ProbabilityScorer): string[] {
  const schema = customerRecordSchema(contract.fields);
  const invalid: string[] = [];
  let worst = { index: -1, difference: 0 };
  let differing = 0;
  golden.forEach(({ record, churnProbability }, index) => {
    const errors = validateAgainstSchema(schema, record);
    if (errors.length > 0) {
      invalid.push(`records[${index}].${errors[0].field} ${errors[0].message}`);
      return;
    }
    const difference = Math.abs(model.predictProbability(encodeFeatures(record, contract)) - churnProbability);
    if (!(difference <= GOLDEN_TOLERANCE)) differing += 1;
    if (!(difference <= worst.difference)) worst = { index, difference };
  });
  const problems: string[] = [];
  if (invalid.length > 0) {
    problems.push(`golden.json: ${invalid.length} of ${golden.length} records break the contract (${invalid.slice(0, MAX_LISTED).join('; ')})`);
  }
  if (differing > 0) {
    problems.push(`golden.json: ${differing} of ${golden.length - invalid.length} records score differently on model.tar.gz than recorded `
      + `(largest difference ${worst.difference.toPrecision(3)}, records[${worst.index}]; tolerance ${GOLDEN_TOLERANCE}): `
      + 'the archive is not the model these records were scored with');
  }
  return problems;
}
