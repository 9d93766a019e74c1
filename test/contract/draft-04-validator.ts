/**
 * A real JSON Schema draft-04 validator (Ajv with ajv-draft-04), standing in for API Gateway's
 * model validation, and the field paths of its errors in the function's notation.
 */
import Ajv04 from 'ajv-draft-04';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { JsonSchema } from '../../contract/json-schema';
import { fieldName as segment } from '../../lambda/predict/schema-validator';

export function draft04Validator(schema: JsonSchema): ValidateFunction {
  // strict: unknown keywords or ambiguous schemas fail compilation instead of being ignored.
  return new Ajv04({ allErrors: true, strict: true, strictTypes: false }).compile(schema);
}

/**
 * `/records/2/totalDayMinutes` (+ a missing or extra property) → `records[2].totalDayMinutes`; the
 * root is `body`. The data tells array indexes from properties named with digits.
 */
export function fieldOfAjvError(error: ErrorObject, data: unknown): string {
  const parts = error.instancePath === '' ? [] : error.instancePath.slice(1).split('/').map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  if (error.keyword === 'required' && params.missingProperty !== undefined) parts.push(params.missingProperty);
  if (error.keyword === 'additionalProperties' && params.additionalProperty !== undefined) parts.push(params.additionalProperty);
  let path = '';
  let node: unknown = data;
  for (const part of parts) {
    if (Array.isArray(node)) {
      path = `${path}[${part}]`;
      node = node[Number(part)];
    } else {
      path = path === '' ? segment(part) : `${path}.${segment(part)}`;
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
    }
  }
  return path === '' ? 'body' : path;
}
