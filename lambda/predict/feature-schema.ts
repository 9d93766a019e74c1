import type { FieldSpec } from '../../contract/prediction-contract';
import schemaJson from '../../model/feature-schema.json';


/** How one model column is computed from the record. */
export type FeatureSpec =
  | { readonly name: string; readonly encoding: 'number' | 'boolean01'; readonly source: string }
  | { readonly name: string; readonly encoding: 'oneHot'; readonly source: string; readonly category: string }
  | { readonly name: string; readonly encoding: 'sum'; readonly sources: readonly string[] };

export interface FeatureSchema {
  readonly fields: readonly FieldSpec[];
  readonly features: readonly FeatureSpec[];
}

/** The bundled model's input contract (model/feature-schema.json), bundled into the function. */
export const FEATURE_SCHEMA = schemaJson as FeatureSchema;
