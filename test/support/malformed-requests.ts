/**
 * fast-check generators of prediction requests that break the contract, each with the field paths
 * that must be named in the 400 (`records[2].totalDayMinutes`, `targetVariant`, `body`, ...).
 * Every generated body starts from valid golden records and breaks at least one rule on purpose.
 */
import fc from 'fast-check';
import golden from '../../model/bundled/golden.json';
import { customerRecordSchema } from '../../contract/prediction-contract';
import { BUNDLED_CONTRACT } from './model-packages';
import type { JsonSchema } from '../../contract/json-schema';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Body = { [key: string]: Json };

export interface MalformedRequest {
  /** The request body, as sent. */
  readonly body: string;
  /** Paths the answer must name (each one at least). */
  readonly fields: readonly string[];
  /** What was broken, for failure messages. */
  readonly broken: readonly string[];
}

const RECORD_SCHEMA = customerRecordSchema(BUNDLED_CONTRACT.fields);
const FIELDS = Object.entries(RECORD_SCHEMA.properties ?? {}).filter(([name]) => name !== 'customerId') as [string, JsonSchema][];
const KNOWN = new Set(Object.keys(RECORD_SCHEMA.properties ?? {}));
const NUMERIC = FIELDS.filter(([, schema]) => schema.type === 'number' || schema.type === 'integer');
const INTEGER = FIELDS.filter(([, schema]) => schema.type === 'integer');

function goldenRecord(index: number): Body {
  return structuredClone(golden.records[index % golden.records.length].record) as Body;
}

/** Any JSON value that is not of this JSON Schema type. */
function wrongTypeValue(type: JsonSchema['type']): fc.Arbitrary<Json> {
  const candidates: fc.Arbitrary<Json>[] = [
    fc.constant(null),
    fc.string({ maxLength: 8 }),
    fc.boolean(),
    fc.array(fc.integer(), { maxLength: 2 }),
    fc.constant({}),
  ];
  if (type !== 'number' && type !== 'integer') candidates.push(fc.double({ noNaN: true, noDefaultInfinity: true }));
  if (type === 'string') candidates.splice(1, 1);
  if (type === 'boolean') candidates.splice(2, 1);
  return fc.oneof(...candidates);
}

/** A number outside the field's range, or a fraction for a whole-number field. */
function outOfRangeValue(schema: JsonSchema): fc.Arbitrary<number> {
  const min = schema.minimum ?? 0;
  const max = schema.maximum ?? Number.MAX_SAFE_INTEGER;
  // Filtered too: -0 is "below 0" to fast-check but equal to 0 in JSON.
  const options: fc.Arbitrary<number>[] = [
    fc.double({ max: min, maxExcluded: true, noNaN: true, noDefaultInfinity: true }).filter((value) => value < min),
    fc.double({ min: max, minExcluded: true, noNaN: true, noDefaultInfinity: true }).filter((value) => value > max),
  ];
  if (schema.type === 'integer') options.push(fc.integer({ min, max: max - 1 }).map((whole) => whole + 0.5));
  return fc.oneof(...options);
}

/** A property name that is not in the record schema (and not `__proto__`, which JS objects cannot hold as data). */
const unknownKey = fc.string({ minLength: 1, maxLength: 20 }).filter((key) => !KNOWN.has(key) && key !== '__proto__');

type Mutation = { readonly name: string; readonly apply: (body: Body) => string[] };

function recordAt(body: Body, index: number): Body | undefined {
  const records = body.records as Json[];
  const record = records[index % records.length];
  return typeof record === 'object' && record !== null && !Array.isArray(record) ? record : undefined;
}

function recordPath(body: Body, index: number, field: string): string {
  return `records[${index % (body.records as Json[]).length}].${field}`;
}

/** Mutations of one record's fields, each naming the field it breaks. */
const recordMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), fc.constantFrom(...FIELDS.map(([name]) => name))).map(([index, field]) => ({
    name: `remove ${field}`,
    apply: (body: Body) => {
      delete recordAt(body, index)?.[field];
      return [recordPath(body, index, field)];
    },
  })),
  fc.tuple(fc.nat(), fc.constantFrom(...FIELDS)).chain(([index, [field, schema]]) => wrongTypeValue(schema.type).map((value) => ({
    name: `${field} = ${JSON.stringify(value)} (wrong type)`,
    apply: (body: Body) => {
      const record = recordAt(body, index);
      if (record !== undefined) record[field] = value;
      return [recordPath(body, index, field)];
    },
  }))),
  fc.tuple(fc.nat(), fc.constantFrom(...NUMERIC)).chain(([index, [field, schema]]) => outOfRangeValue(schema).map((value) => ({
    name: `${field} = ${value} (out of range)`,
    apply: (body: Body) => {
      const record = recordAt(body, index);
      if (record !== undefined) record[field] = value;
      return [recordPath(body, index, field)];
    },
  }))),
  fc.tuple(fc.nat(), fc.constantFrom(...INTEGER)).map(([index, [field]]) => ({
    name: `${field} fractional`,
    apply: (body: Body) => {
      const record = recordAt(body, index);
      if (record !== undefined) record[field] = 1.25;
      return [recordPath(body, index, field)];
    },
  })),
  fc.tuple(fc.nat(), fc.string({ maxLength: 6 }).filter((code) => !['408', '415', '510'].includes(code))).map(([index, code]) => ({
    name: `areaCode = ${JSON.stringify(code)}`,
    apply: (body: Body) => {
      const record = recordAt(body, index);
      if (record !== undefined) record.areaCode = code;
      return [recordPath(body, index, 'areaCode')];
    },
  })),
  fc.tuple(fc.nat(), unknownKey, fc.jsonValue() as fc.Arbitrary<Json>).map(([index, key, value]) => ({
    name: `unknown record field ${JSON.stringify(key)}`,
    apply: (body: Body) => {
      const record = recordAt(body, index);
      if (record !== undefined) record[key] = value;
      return [recordPath(body, index, key)];
    },
  })),
  fc.tuple(fc.nat(), fc.oneof(
    fc.constant(''),
    fc.string({ minLength: 65, maxLength: 80, unit: fc.constantFrom('a', 'B', '7', '-') }),
    fc.string({ minLength: 1, maxLength: 10 }).filter((id) => !/^[A-Za-z0-9._:@-]+$/.test(id)),
    fc.integer(),
    fc.constant(null),
  ) as fc.Arbitrary<Json>).map(([index, customerId]) => ({
    name: `customerId = ${JSON.stringify(customerId)}`,
    apply: (body: Body) => {
      const record = recordAt(body, index);
      if (record !== undefined) record.customerId = customerId;
      return [recordPath(body, index, 'customerId')];
    },
  })),
);

/** Mutations of the batch itself; they hide problems inside the records, so they come last. */
function batchMutation(maxRecords: number): fc.Arbitrary<Mutation> {
  return fc.oneof(
    fc.tuple(unknownKey.filter((key) => key !== 'records' && key !== 'targetVariant'), fc.jsonValue() as fc.Arbitrary<Json>).map(([key, value]) => ({
      name: `unknown top-level field ${JSON.stringify(key)}`,
      apply: (body: Body) => {
        body[key] = value;
        return [key];
      },
    })),
    (fc.jsonValue() as fc.Arbitrary<Json>).map((value) => ({
      name: `targetVariant = ${JSON.stringify(value)} (no variants allowed)`,
      apply: (body: Body) => {
        body.targetVariant = value;
        return ['targetVariant'];
      },
    })),
    fc.integer({ min: maxRecords + 1, max: maxRecords + 5 }).map((count) => ({
      name: `${count} records`,
      apply: (body: Body) => {
        body.records = Array.from({ length: count }, (_, index) => goldenRecord(index));
        return ['records'];
      },
    })),
    fc.constant({
      name: 'no records',
      apply: (body: Body) => {
        body.records = [];
        return ['records'];
      },
    }),
    fc.constant({
      name: 'records missing',
      apply: (body: Body) => {
        delete body.records;
        return ['records'];
      },
    }),
    fc.oneof(fc.constant(null), fc.string({ maxLength: 5 }), fc.integer(), fc.constant({})).map((records) => ({
      name: `records = ${JSON.stringify(records)}`,
      apply: (body: Body) => {
        body.records = records as Json;
        return ['records'];
      },
    })),
    fc.tuple(fc.nat(), fc.oneof(fc.constant(null), fc.integer(), fc.string({ maxLength: 5 }), fc.constant([]))).map(([index, value]) => ({
      name: `a record replaced by ${JSON.stringify(value)}`,
      apply: (body: Body) => {
        const records = body.records as Json[];
        records[index % records.length] = value as Json;
        return [`records[${index % records.length}]`];
      },
    })),
  );
}

/** A valid batch: 1..min(3, maxRecords) golden records, some with a customerId. */
const validBatch: fc.Arbitrary<Body> = fc.array(
  fc.tuple(fc.nat({ max: golden.records.length - 1 }), fc.option(fc.stringMatching(/^[A-Za-z0-9._:@-]{1,64}$/), { nil: undefined })),
  { minLength: 1, maxLength: 3 },
).map((entries) => ({
  records: entries.map(([index, customerId]) => (customerId === undefined ? goldenRecord(index) : { customerId, ...goldenRecord(index) })),
}));

/**
 * Requests that break the contract on purpose: 1 to 3 record-level problems, then, sometimes, one
 * batch-level problem (which hides the record-level ones, so only its field is expected).
 */
export function malformedRequests(maxRecords: number): fc.Arbitrary<MalformedRequest> {
  return fc.tuple(
    validBatch,
    fc.array(recordMutation, { minLength: 0, maxLength: 3 }),
    fc.option(batchMutation(maxRecords), { nil: undefined, freq: 2 }),
  ).filter(([, recordMutations, batch]) => recordMutations.length > 0 || batch !== undefined).map(([body, recordMutations, batch]) => {
    let fields = recordMutations.flatMap((mutation) => mutation.apply(body));
    if (batch !== undefined) {
      const batchFields = batch.apply(body);
      // A problem with the batch itself hides what is inside the records; an extra key beside them does not.
      const hidesRecords = batchFields.some((field) => field.startsWith('records'));
      if (batchFields[0].startsWith('records[')) fields = fields.filter((field) => !field.startsWith(`${batchFields[0]}.`));
      else if (hidesRecords) fields = fields.filter((field) => !field.startsWith('records'));
      fields = [...fields, ...batchFields];
    }
    return {
      body: JSON.stringify(body),
      fields: [...new Set(fields)],
      broken: [...recordMutations.map((mutation) => mutation.name), ...(batch !== undefined ? [batch.name] : [])],
    };
  });
}

/** Bodies that are not a JSON object at all: text, truncated JSON, arrays, scalars. */
export const nonObjectBodies: fc.Arbitrary<MalformedRequest> = fc.oneof(
  fc.string({ maxLength: 40 }).filter((text) => {
    try {
      const parsed: unknown = JSON.parse(text);
      return typeof parsed !== 'object' || parsed === null || Array.isArray(parsed);
    } catch {
      return true;
    }
  }),
  validBatch.map((body) => JSON.stringify(body).slice(0, -1)),
  (fc.jsonValue() as fc.Arbitrary<Json>).filter((value) => typeof value !== 'object' || value === null || Array.isArray(value))
    .map((value) => JSON.stringify(value)),
).map((body) => ({ body, fields: ['body'], broken: ['not a JSON object'] }));

/** Valid requests, for the other side of the comparison. */
export const validRequests: fc.Arbitrary<string> = validBatch.map((body) => JSON.stringify(body));
