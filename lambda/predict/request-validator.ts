import type { JsonSchema } from '../../contract/json-schema';
import { CustomerRecord } from './customer-record';
import { FieldError, validateAgainstSchema } from './schema-validator';

export type { FieldError } from './schema-validator';

/** A request that passed the contract: 1..maxRecords records and, optionally, a variant to score on. */
export interface PredictionRequest {
  readonly records: readonly CustomerRecord[];
  readonly targetVariant?: string;
}

export type ValidationResult =
  | { readonly ok: true; readonly request: PredictionRequest }
  | { readonly ok: false; readonly errors: FieldError[] };

/** At most this many field errors are reported; the message says how many there were. */
export const MAX_REPORTED_ERRORS = 50;

/**
 * Parses a request body and checks it against the contract's request schema
 * (contract/prediction-contract.ts). Every broken rule is reported, each naming its field.
 */
export function validatePredictionRequest(body: string | null | undefined, schema: JsonSchema): ValidationResult {
  if (body === null || body === undefined || body.trim() === '') {
    return { ok: false, errors: [{ field: 'body', message: 'is required: send { "records": [ ... ] }' }] };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { ok: false, errors: [{ field: 'body', message: 'must be valid JSON' }] };
  }
  const errors = validateAgainstSchema(schema, parsed);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, request: parsed as PredictionRequest };
}

/** A one-line summary for the error message: how many rules broke, and the first fields. */
export function summarizeFieldErrors(errors: readonly FieldError[]): string {
  const shown = errors.slice(0, 5).map((error) => `${error.field} ${error.message}`);
  const rest = errors.length > shown.length ? `; and ${errors.length - shown.length} more` : '';
  return `Invalid request (${errors.length} problem${errors.length === 1 ? '' : 's'}): ${shown.join('; ')}${rest}`;
}
