import type { FeatureSpec, ModelContract } from '../../contract/model-contract';
import { CustomerRecord } from './customer-record';

/** What the encoder reads of a contract: the model's features, in order. */
export type FeatureSchema = Pick<ModelContract, 'features'>;

function encodeFeature(record: CustomerRecord, feature: FeatureSpec): number {
  switch (feature.encoding) {
    case 'number':
      return record[feature.source] as number;
    case 'boolean01':
      return record[feature.source] === true ? 1 : 0;
    case 'oneHot':
      return record[feature.source] === feature.category ? 1 : 0;
    case 'sum':
      // Left to right, as model/train.py adds them, so the double is bit-identical.
      return feature.sources.reduce((total, source) => total + (record[source] as number), 0);
  }
}

/** The model's feature vector for one validated record, in the contract's column order. */
export function encodeFeatures(record: CustomerRecord, schema: FeatureSchema): number[] {
  return schema.features.map((feature) => encodeFeature(record, feature));
}

/**
 * The `text/csv` body the sagemaker-xgboost container scores: one row per record, no header.
 * JavaScript's number-to-string is the shortest text that parses back to the same double.
 */
export function encodeCsv(records: readonly CustomerRecord[], schema: FeatureSchema): string {
  return records.map((record) => encodeFeatures(record, schema).join(',')).join('\n');
}
