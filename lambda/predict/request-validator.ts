import { CustomerRecord } from './customer-record';
import { FieldSpec, FeatureSchema } from './feature-schema';

/** One broken rule, naming the field by its JSON path (e.g. `records[2].totalDayMinutes`). */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export type ValidationResult =
  | { readonly ok: true; readonly records: CustomerRecord[] }
  | { readonly ok: false; readonly errors: FieldError[] };

/** At most this many field errors are reported; the count says how many there were. */
export const MAX_REPORTED_ERRORS = 50;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function checkField(spec: FieldSpec, value: unknown): string | undefined {
  switch (spec.type) {
    case 'string':
      if (typeof value !== 'string') return `must be a string, got ${describeType(value)}`;
      if (spec.enum && !spec.enum.includes(value)) return `must be one of ${spec.enum.join(', ')}`;
      return undefined;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `must be true or false, got ${describeType(value)}`;
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return `must be a finite number, got ${describeType(value)}`;
      }
      if (spec.type === 'integer' && !Number.isInteger(value)) return 'must be a whole number';
      if (spec.minimum !== undefined && value < spec.minimum) return `must be at least ${spec.minimum}`;
      if (spec.maximum !== undefined && value > spec.maximum) return `must be at most ${spec.maximum}`;
      return undefined;
    }
  }
}

function validateRecord(value: unknown, path: string, schema: FeatureSchema, errors: FieldError[]): void {
  const at = (name: string) => (path === '' ? name : `${path}.${name}`);
  if (!isPlainObject(value)) {
    errors.push({ field: path === '' ? 'body' : path, message: `must be a customer record object, got ${describeType(value)}` });
    return;
  }
  const known = new Set(schema.fields.map((field) => field.name));
  for (const spec of schema.fields) {
    if (!(spec.name in value)) {
      errors.push({ field: at(spec.name), message: 'is required' });
      continue;
    }
    const problem = checkField(spec, value[spec.name]);
    if (problem !== undefined) errors.push({ field: at(spec.name), message: problem });
  }
  for (const name of Object.keys(value)) {
    if (!known.has(name)) errors.push({ field: at(name), message: 'is not a known field' });
  }
}

/**
 * Parses and checks a request body: either one customer record, or `{ "records": [ ... ] }`
 * with 1..maxRecords records. Every broken rule is reported, each naming its field.
 */
export function validatePredictionRequest(body: string | null | undefined, schema: FeatureSchema, maxRecords: number): ValidationResult {
  if (body === null || body === undefined || body.trim() === '') {
    return { ok: false, errors: [{ field: 'body', message: 'is required: send a customer record or { "records": [...] }' }] };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { ok: false, errors: [{ field: 'body', message: 'must be valid JSON' }] };
  }
  if (!isPlainObject(parsed)) {
    return { ok: false, errors: [{ field: 'body', message: `must be a JSON object, got ${describeType(parsed)}` }] };
  }

  const errors: FieldError[] = [];
  let candidates: unknown[];
  if ('records' in parsed) {
    const extra = Object.keys(parsed).filter((key) => key !== 'records');
    for (const key of extra) errors.push({ field: key, message: 'is not a known field (a batch holds only "records")' });
    const records = parsed.records;
    if (!Array.isArray(records)) {
      return { ok: false, errors: [...errors, { field: 'records', message: `must be an array, got ${describeType(records)}` }] };
    }
    if (records.length < 1 || records.length > maxRecords) {
      return { ok: false, errors: [...errors, { field: 'records', message: `must hold 1 to ${maxRecords} records, got ${records.length}` }] };
    }
    records.forEach((record, index) => validateRecord(record, `records[${index}]`, schema, errors));
    candidates = records;
  } else {
    validateRecord(parsed, '', schema, errors);
    candidates = [parsed];
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, records: candidates as CustomerRecord[] };
}

/** A one-line summary for the error message: how many rules broke, and the first fields. */
export function summarizeFieldErrors(errors: readonly FieldError[]): string {
  const shown = errors.slice(0, 5).map((error) => `${error.field} ${error.message}`);
  const rest = errors.length > shown.length ? `; and ${errors.length - shown.length} more` : '';
  return `Invalid request (${errors.length} problem${errors.length === 1 ? '' : 's'}): ${shown.join('; ')}${rest}`;
}
