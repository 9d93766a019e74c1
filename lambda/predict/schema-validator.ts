import type { JsonSchema, JsonSchemaType } from '../../contract/json-schema';

/** One broken rule, naming the field by its JSON path (e.g. `records[2].totalDayMinutes`). */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** Caller-chosen property names are cut to this length in field paths, so an answer stays small. */
export const MAX_FIELD_NAME_LENGTH = 64;

const TYPE_RULES: Record<JsonSchemaType, string> = {
  object: 'must be a JSON object',
  array: 'must be an array',
  string: 'must be a string',
  boolean: 'must be true or false',
  number: 'must be a number',
  integer: 'must be a whole number',
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return 'a number too large to represent';
    return Number.isInteger(value) ? 'a number' : 'a fraction';
  }
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function hasType(type: JsonSchemaType, value: unknown): boolean {
  switch (type) {
    case 'object': return isPlainObject(value);
    case 'array': return Array.isArray(value);
    case 'string': return typeof value === 'string';
    case 'boolean': return typeof value === 'boolean';
    // JSON has no Infinity: a literal too large for a double (1e999) parses to it and is not a number here.
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'integer': return Number.isInteger(value);
  }
}

const patterns = new Map<string, RegExp>();
function compiled(pattern: string): RegExp {
  let regExp = patterns.get(pattern);
  if (regExp === undefined) {
    // JSON Schema patterns are ECMA 262 regular expressions; `u` counts code points as draft-04 validators do.
    regExp = new RegExp(pattern, 'u');
    patterns.set(pattern, regExp);
  }
  return regExp;
}

/** A property name as shown in a path: cut when long, `""` when empty. */
export function fieldName(name: string): string {
  if (name === '') return '""';
  return name.length > MAX_FIELD_NAME_LENGTH ? `${name.slice(0, MAX_FIELD_NAME_LENGTH)}…` : name;
}

function childPath(path: string, name: string): string {
  return path === '' ? fieldName(name) : `${path}.${fieldName(name)}`;
}

/** The first rule a scalar value breaks, if any (type first, so later rules see the right type). */
function scalarProblem(schema: JsonSchema, value: unknown): string | undefined {
  if (schema.type !== undefined && !hasType(schema.type, value)) return `${TYPE_RULES[schema.type]}, got ${describeValue(value)}`;
  if (schema.enum !== undefined && !schema.enum.includes(value as string | number | boolean)) {
    return `must be one of ${schema.enum.join(', ')}`;
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if ((schema.minLength !== undefined && length < schema.minLength) || (schema.maxLength !== undefined && length > schema.maxLength)) {
      return `must be ${schema.minLength ?? 0} to ${schema.maxLength ?? 'any number of'} characters long, got ${length}`;
    }
    if (schema.pattern !== undefined && !compiled(schema.pattern).test(value)) return `must match ${schema.pattern}`;
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return `must be at least ${schema.minimum}`;
    if (schema.maximum !== undefined && value > schema.maximum) return `must be at most ${schema.maximum}`;
  }
  return undefined;
}

function validateNode(schema: JsonSchema, value: unknown, path: string, errors: FieldError[]): void {
  const field = path === '' ? 'body' : path;
  if (schema.not !== undefined) {
    // `not: {}` matches nothing: the property may not be present at all.
    errors.push({ field, message: schema.description !== undefined ? `is not accepted: ${schema.description}` : 'is not accepted' });
    return;
  }
  const problem = scalarProblem(schema, value);
  if (problem !== undefined) {
    errors.push({ field, message: problem });
    return;
  }
  if (Array.isArray(value)) {
    const tooFew = schema.minItems !== undefined && value.length < schema.minItems;
    const tooMany = schema.maxItems !== undefined && value.length > schema.maxItems;
    if (tooFew || tooMany) {
      // The items are not checked: an oversized batch is refused on its size alone.
      errors.push({ field, message: `must hold ${schema.minItems ?? 0} to ${schema.maxItems ?? 'any number of'} items, got ${value.length}` });
      return;
    }
    if (schema.items !== undefined) {
      const items = schema.items;
      value.forEach((item, index) => validateNode(items, item, `${path}[${index}]`, errors));
    }
  }
  if (isPlainObject(value)) validateObject(schema, value, path, errors);
}

function validateObject(schema: JsonSchema, value: Record<string, unknown>, path: string, errors: FieldError[]): void {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  for (const [name, propertySchema] of Object.entries(properties)) {
    if (Object.hasOwn(value, name)) validateNode(propertySchema, value[name], childPath(path, name), errors);
    else if (required.has(name)) errors.push({ field: childPath(path, name), message: 'is required' });
  }
  for (const name of required) {
    if (!Object.hasOwn(properties, name) && !Object.hasOwn(value, name)) errors.push({ field: childPath(path, name), message: 'is required' });
  }
  if (schema.additionalProperties === false) {
    for (const name of Object.keys(value)) {
      if (!Object.hasOwn(properties, name)) errors.push({ field: childPath(path, name), message: 'is not a known field' });
    }
  }
}

/**
 * Every rule of `schema` that `value` breaks, in schema order, each naming its field. Interprets the
 * draft-04 keywords of contract/json-schema.ts, as API Gateway's validator does for the same schema.
 */
export function validateAgainstSchema(schema: JsonSchema, value: unknown): FieldError[] {
  const errors: FieldError[] = [];
  validateNode(schema, value, '', errors);
  return errors;
}
