import { predictionRequestSchema } from '../../contract/prediction-contract';
import type { FieldSpec } from '../../contract/prediction-contract';
import { BUNDLED_CONTRACT, bundledRequest } from '../support/model-packages';
import {
  FieldError, summarizeFieldErrors, validatePredictionRequest, ValidationResult,
} from '../../lambda/predict/request-validator';
import { RecordBody, validRecord, validRecords } from './support';

const MAX_RECORDS = 5;

function validate(body: string | null | undefined, maxRecords = MAX_RECORDS, allowedVariants: string[] = []): ValidationResult {
  return validatePredictionRequest(body, predictionRequestSchema(bundledRequest({ maxRecords, allowedVariants })));
}

function validateJson(value: unknown, maxRecords = MAX_RECORDS): ValidationResult {
  return validate(JSON.stringify(value), maxRecords);
}

/** Validates a batch of this one record; field paths of its errors are given without `records[0].`. */
function validateRecord(record: unknown): ValidationResult {
  const result = validateJson({ records: [record] });
  if (result.ok) return result;
  return { ok: false, errors: result.errors.map(({ field, message }) => ({ field: field.replace(/^records\[0\]\.?/, '') || 'records[0]', message })) };
}

/** The errors of a rejected request; fails the test when the request was accepted. */
function errorsOf(result: ValidationResult): FieldError[] {
  if (result.ok) throw new Error('expected the request to be rejected, but it was accepted');
  return result.errors;
}

function withField(name: string, value: unknown): RecordBody {
  return { ...validRecord(), [name]: value };
}

function withoutField(name: string): RecordBody {
  const record = validRecord();
  delete record[name];
  return record;
}

function fieldsOfType(type: FieldSpec['type']): FieldSpec[] {
  return BUNDLED_CONTRACT.fields.filter((field) => field.type === type);
}

const ALL_FIELDS = BUNDLED_CONTRACT.fields.map((field) => [field.name, field] as const);
const NUMERIC_FIELDS = [...fieldsOfType('integer'), ...fieldsOfType('number')].map((field) => [field.name, field] as const);
const INTEGER_FIELDS = fieldsOfType('integer').map((field) => [field.name, field] as const);
const BOOLEAN_FIELDS = fieldsOfType('boolean').map((field) => [field.name, field] as const);

describe('the schema the validator is tested against', () => {
  test('has 18 fields of all four types, with ranges on every numeric field', () => {
    expect(BUNDLED_CONTRACT.fields).toHaveLength(18);
    expect(fieldsOfType('string').map((field) => field.name)).toEqual(['areaCode']);
    expect(BOOLEAN_FIELDS.map(([name]) => name)).toEqual(['internationalPlan', 'voiceMailPlan']);
    expect(INTEGER_FIELDS).toHaveLength(7);
    expect(fieldsOfType('number')).toHaveLength(8);
    for (const [, field] of NUMERIC_FIELDS) {
      expect(field.minimum).toBe(0);
      expect(field.maximum).toBeGreaterThan(0);
    }
  });
});

describe('validatePredictionRequest', () => {
  describe('When the request is valid', () => {
    test('a batch of one record is accepted, unchanged', () => {
      const record = validRecord();
      expect(validateJson({ records: [record] })).toEqual({ ok: true, request: { records: [record] } });
    });

    test('a batch is accepted with its records in order', () => {
      const records = validRecords(3);
      expect(validateJson({ records })).toEqual({ ok: true, request: { records } });
    });

    test('a batch of exactly maxRecords is accepted', () => {
      const result = validateJson({ records: validRecords(MAX_RECORDS) });
      expect(result.ok).toBe(true);
      expect(result.ok && result.request.records).toHaveLength(MAX_RECORDS);
    });

    test('every golden record is accepted', () => {
      const records = validRecords(200);
      expect(validateJson({ records }, 200)).toEqual({ ok: true, request: { records } });
    });

    test('a customerId of 1 to 64 plain characters is accepted on any record', () => {
      const records = [{ ...validRecord(0), customerId: 'a' }, validRecord(1), { ...validRecord(2), customerId: `C-${'9'.repeat(62)}` }];
      expect(validateJson({ records })).toEqual({ ok: true, request: { records } });
      expect(validateRecord({ ...validRecord(), customerId: 'crm:eu.17@acme_42-x' }).ok).toBe(true);
    });

    test('an allowed targetVariant is accepted and kept', () => {
      const body = JSON.stringify({ records: [validRecord()], targetVariant: 'Green' });
      expect(validate(body, MAX_RECORDS, ['Blue', 'Green'])).toEqual({ ok: true, request: { records: [validRecord()], targetVariant: 'Green' } });
    });

    test.each(NUMERIC_FIELDS)('%s accepts its minimum and its maximum', (name, field) => {
      expect(validateRecord(withField(name, field.minimum)).ok).toBe(true);
      expect(validateRecord(withField(name, field.maximum)).ok).toBe(true);
    });

    test.each(['408', '415', '510'])('areaCode accepts "%s"', (areaCode) => {
      expect(validateRecord(withField('areaCode', areaCode)).ok).toBe(true);
    });

    test.each(BOOLEAN_FIELDS)('%s accepts true and false', (name) => {
      expect(validateRecord(withField(name, true)).ok).toBe(true);
      expect(validateRecord(withField(name, false)).ok).toBe(true);
    });

    test('an integer field written with a zero fraction (84.0) is a whole number', () => {
      const body = JSON.stringify({ records: [validRecord()] }).replace('"accountLength":84', '"accountLength":84.0');
      expect(body).toContain('"accountLength":84.0');
      expect(validate(body).ok).toBe(true);
    });

    test('a number field accepts a fraction', () => {
      expect(validateRecord(withField('totalDayMinutes', 123.456)).ok).toBe(true);
    });
  });

  describe('When the body is absent or not a JSON object', () => {
    test.each([
      ['null', null],
      ['undefined', undefined],
      ['empty', ''],
      ['blank', ' \n\t '],
    ])('a %s body is reported as required', (_, body) => {
      expect(validate(body)).toEqual({
        ok: false,
        errors: [{ field: 'body', message: 'is required: send { "records": [ ... ] }' }],
      });
    });

    test.each([
      ['truncated JSON', '{"areaCode": "408",'],
      ['plain text', 'areaCode=408'],
      ['single quotes', "{'areaCode': '408'}"],
    ])('a body of %s must be valid JSON', (_, body) => {
      expect(validate(body)).toEqual({ ok: false, errors: [{ field: 'body', message: 'must be valid JSON' }] });
    });

    test.each([
      ['an array', '[]', 'an array'],
      ['an array of records', JSON.stringify([validRecord()]), 'an array'],
      ['a number', '42', 'a number'],
      ['null', 'null', 'null'],
      ['a string', '"408"', 'a string'],
      ['a boolean', 'true', 'a boolean'],
    ])('a body of %s must be a JSON object', (_, body, described) => {
      expect(validate(body)).toEqual({ ok: false, errors: [{ field: 'body', message: `must be a JSON object, got ${described}` }] });
    });
  });

  describe('When a field of a record is broken (paths shown without records[0].)', () => {
    test.each(ALL_FIELDS)('a missing %s is required', (name) => {
      expect(validateRecord(withoutField(name))).toEqual({ ok: false, errors: [{ field: name, message: 'is required' }] });
    });

    test.each(ALL_FIELDS)('%s given null is reported with its type rule', (name, field) => {
      const expected = {
        string: 'must be a string, got null',
        boolean: 'must be true or false, got null',
        integer: 'must be a whole number, got null',
        number: 'must be a number, got null',
      }[field.type];
      expect(errorsOf(validateRecord(withField(name, null)))).toEqual([{ field: name, message: expected }]);
    });

    test.each([
      ['a number', 408, 'a number'],
      ['a boolean', true, 'a boolean'],
      ['an array', ['408'], 'an array'],
      ['an object', { code: '408' }, 'an object'],
    ])('areaCode given %s must be a string', (_, value, described) => {
      expect(errorsOf(validateRecord(withField('areaCode', value)))).toEqual([
        { field: 'areaCode', message: `must be a string, got ${described}` },
      ]);
    });

    test.each(BOOLEAN_FIELDS.flatMap(([name]) => [
      [name, 'true', 'a string'],
      [name, 1, 'a number'],
      [name, 0, 'a number'],
      [name, {}, 'an object'],
    ] as const))('%s given %j must be true or false', (name, value, described) => {
      expect(errorsOf(validateRecord(withField(name, value)))).toEqual([
        { field: name, message: `must be true or false, got ${described}` },
      ]);
    });

    test.each(NUMERIC_FIELDS.flatMap(([name, field]) => [
      [name, field.type, '84', 'a string'],
      [name, field.type, true, 'a boolean'],
      [name, field.type, [1], 'an array'],
    ] as const))('%s (%s) given %j is named with its type rule', (name, type, value, described) => {
      const rule = type === 'integer' ? 'must be a whole number' : 'must be a number';
      expect(errorsOf(validateRecord(withField(name, value)))).toEqual([{ field: name, message: `${rule}, got ${described}` }]);
    });

    test('a number too large for a double (1e999 parses as Infinity) is not a number', () => {
      const body = JSON.stringify({ records: [validRecord()] }).replace('"totalDayMinutes":299.4', '"totalDayMinutes":1e999');
      expect(errorsOf(validate(body))).toEqual([
        { field: 'records[0].totalDayMinutes', message: 'must be a number, got a number too large to represent' },
      ]);
    });

    test.each(INTEGER_FIELDS)('%s given 1.5 must be a whole number', (name) => {
      expect(errorsOf(validateRecord(withField(name, 1.5)))).toEqual([{ field: name, message: 'must be a whole number, got a fraction' }]);
    });

    test.each(NUMERIC_FIELDS)('%s below its minimum is rejected', (name, field) => {
      const below = field.type === 'integer' ? -1 : -0.01;
      expect(errorsOf(validateRecord(withField(name, below)))).toEqual([{ field: name, message: 'must be at least 0' }]);
    });

    test.each(NUMERIC_FIELDS)('%s above its maximum is rejected', (name, field) => {
      const above = (field.maximum as number) + (field.type === 'integer' ? 1 : 0.01);
      expect(errorsOf(validateRecord(withField(name, above)))).toEqual([{ field: name, message: `must be at most ${field.maximum}` }]);
    });

    test('the maximum is stated as in the schema (accountLength at most 486)', () => {
      expect(errorsOf(validateRecord(withField('accountLength', 487)))).toEqual([{ field: 'accountLength', message: 'must be at most 486' }]);
    });

    test.each(['999', '', '408 ', 'four-oh-eight'])('areaCode "%s" is not one of the known codes', (areaCode) => {
      expect(errorsOf(validateRecord(withField('areaCode', areaCode)))).toEqual([
        { field: 'areaCode', message: 'must be one of 408, 415, 510' },
      ]);
    });

    test('an unknown field is named', () => {
      expect(errorsOf(validateRecord(withField('customerID', 'C-17')))).toEqual([{ field: 'customerID', message: 'is not a known field' }]);
    });

    test('an empty field name is shown as ""', () => {
      expect(errorsOf(validateRecord(withField('', 1)))).toEqual([{ field: '""', message: 'is not a known field' }]);
      expect(errorsOf(validateJson({ records: validRecords(1), '': 1 }))).toEqual([{ field: '""', message: 'is not a known field' }]);
    });

    test('a very long unknown field name is cut in the answer', () => {
      const name = `x${'y'.repeat(10_000)}`;
      expect(errorsOf(validateRecord(withField(name, 1)))).toEqual([{ field: `${name.slice(0, 64)}…`, message: 'is not a known field' }]);
    });

    test.each([
      ['empty', '', 'must be 1 to 64 characters long, got 0'],
      ['65 characters', 'c'.repeat(65), 'must be 1 to 64 characters long, got 65'],
      ['with a space', 'C 17', 'must match ^[A-Za-z0-9._:@-]+$'],
      ['with a quote', 'C"17', 'must match ^[A-Za-z0-9._:@-]+$'],
      ['a number', 17, 'must be a string, got a number'],
    ])('a customerId that is %s is named', (_, customerId, message) => {
      expect(errorsOf(validateRecord(withField('customerId', customerId)))).toEqual([{ field: 'customerId', message }]);
    });

    test('a field spelled in another case is unknown, and the real one is missing', () => {
      const record = withoutField('areaCode');
      record.AreaCode = '408';
      expect(errorsOf(validateRecord(record))).toEqual([
        { field: 'areaCode', message: 'is required' },
        { field: 'AreaCode', message: 'is not a known field' },
      ]);
    });

    test('a "__proto__" key is an unknown field, not a prototype change', () => {
      const body = JSON.stringify({ records: [validRecord()] }).replace(/}]}$/, ',"__proto__":{"areaCode":"408"}}]}');
      expect(errorsOf(validate(body))).toEqual([{ field: 'records[0].__proto__', message: 'is not a known field' }]);
    });

    test('inherited Object members do not count as fields', () => {
      const body = JSON.stringify({ records: [withoutField('areaCode')] }).replace(/}]}$/, ',"constructor":1}]}');
      expect(errorsOf(validate(body))).toEqual([
        { field: 'records[0].areaCode', message: 'is required' },
        { field: 'records[0].constructor', message: 'is not a known field' },
      ]);
    });
  });

  describe('When a batch is broken', () => {
    test.each([
      ['an object', {}, 'an object'],
      ['null', null, 'null'],
      ['a string', 'all', 'a string'],
      ['a record', validRecord(), 'an object'],
    ])('records given %s must be an array', (_, records, described) => {
      expect(validateJson({ records })).toEqual({ ok: false, errors: [{ field: 'records', message: `must be an array, got ${described}` }] });
    });

    test('0 records is too few', () => {
      expect(validateJson({ records: [] })).toEqual({ ok: false, errors: [{ field: 'records', message: 'must hold 1 to 5 items, got 0' }] });
    });

    test('more than maxRecords is too many, and no record is checked', () => {
      const records = [...validRecords(MAX_RECORDS), { bad: true }];
      expect(validateJson({ records })).toEqual({ ok: false, errors: [{ field: 'records', message: 'must hold 1 to 5 items, got 6' }] });
    });

    test('the limit is the maxRecords passed in', () => {
      expect(errorsOf(validateJson({ records: validRecords(3) }, 2))).toEqual([{ field: 'records', message: 'must hold 1 to 2 items, got 3' }]);
    });

    test('a missing records is required', () => {
      expect(errorsOf(validateJson({}))).toEqual([{ field: 'records', message: 'is required' }]);
    });

    test('with no variants allowed, targetVariant is refused, naming the field and why', () => {
      expect(errorsOf(validateJson({ records: validRecords(1), targetVariant: 'AllTraffic' }))).toEqual([
        { field: 'targetVariant', message: 'is not accepted: Variant targeting is not enabled on this API.' },
      ]);
    });

    test.each([
      ['an unlisted name', 'Red', 'must be one of Blue, Green'],
      ['a number', 1, 'must be a string, got a number'],
      ['null', null, 'must be a string, got null'],
    ])('with variants allowed, a targetVariant that is %s is named', (_, targetVariant, message) => {
      const body = JSON.stringify({ records: validRecords(1), targetVariant });
      expect(errorsOf(validate(body, MAX_RECORDS, ['Blue', 'Green']))).toEqual([{ field: 'targetVariant', message }]);
    });

    test('a bad field inside a record is named records[i].field', () => {
      const records = validRecords(3);
      records[1].totalDayCalls = -1;
      expect(validateJson({ records })).toEqual({ ok: false, errors: [{ field: 'records[1].totalDayCalls', message: 'must be at least 0' }] });
    });

    test('a missing and an unknown field inside a record are named by path', () => {
      const records = validRecords(3);
      delete records[2].areaCode;
      records[0].customerName = 'C-17';
      expect(errorsOf(validateJson({ records }))).toEqual([
        { field: 'records[0].customerName', message: 'is not a known field' },
        { field: 'records[2].areaCode', message: 'is required' },
      ]);
    });

    test.each([
      ['a number', 42, 'a number'],
      ['null', null, 'null'],
      ['an array', [validRecord()], 'an array'],
    ])('a record that is %s is named records[i]', (_, record, described) => {
      const records: unknown[] = validRecords(2);
      records.splice(1, 0, record);
      expect(errorsOf(validateJson({ records }))).toEqual([
        { field: 'records[1]', message: `must be a JSON object, got ${described}` },
      ]);
    });

    test('an extra top-level key beside records is named', () => {
      expect(validateJson({ records: validRecords(1), customerId: 'C-17' })).toEqual({
        ok: false,
        errors: [{ field: 'customerId', message: 'is not a known field' }],
      });
    });

    test('an extra key is reported together with a records problem', () => {
      expect(errorsOf(validateJson({ dryRun: true, records: [] }))).toEqual([
        { field: 'records', message: 'must hold 1 to 5 items, got 0' },
        { field: 'dryRun', message: 'is not a known field' },
      ]);
    });

    test('a record sent bare, beside records, names each of its fields as unknown at the top level', () => {
      const body = { ...validRecord(), records: validRecords(1) };
      const errors = errorsOf(validateJson(body));
      expect(errors).toHaveLength(BUNDLED_CONTRACT.fields.length);
      expect(errors[0]).toEqual({ field: 'areaCode', message: 'is not a known field' });
    });
  });

  describe('When a request has several problems', () => {
    test('three bad fields give three errors, in schema order', () => {
      const record = validRecord();
      record.totalIntlCalls = 1.5;
      record.areaCode = '212';
      record.voiceMailPlan = 'no';
      expect(errorsOf(validateRecord(record))).toEqual([
        { field: 'areaCode', message: 'must be one of 408, 415, 510' },
        { field: 'voiceMailPlan', message: 'must be true or false, got a string' },
        { field: 'totalIntlCalls', message: 'must be a whole number, got a fraction' },
      ]);
    });

    test('problems in several records of a batch are all reported', () => {
      const records = validRecords(4);
      records[0].accountLength = 1000;
      records[3].totalNightCharge = '8.86';
      records[3].extra = 1;
      expect(errorsOf(validateJson({ records }))).toEqual([
        { field: 'records[0].accountLength', message: 'must be at most 486' },
        { field: 'records[3].totalNightCharge', message: 'must be a number, got a string' },
        { field: 'records[3].extra', message: 'is not a known field' },
      ]);
    });

    test('an empty object reports every field as required', () => {
      expect(errorsOf(validateRecord({}))).toEqual(BUNDLED_CONTRACT.fields.map((field) => ({ field: field.name, message: 'is required' })));
    });

    test('error messages never repeat the value sent', () => {
      const record = validRecord();
      record.accountLength = 98765;
      record.areaCode = 'SECRET-AREA';
      record.internationalPlan = 'SECRET-PLAN';
      record.customerId = 'SECRET ID';
      const text = JSON.stringify(errorsOf(validateRecord(record)));
      expect(text).not.toContain('98765');
      expect(text).not.toContain('SECRET');
    });
  });
});

describe('summarizeFieldErrors', () => {
  const error = (index: number): FieldError => ({ field: `records[${index}].accountLength`, message: 'is required' });

  test('one problem is counted in the singular', () => {
    expect(summarizeFieldErrors([{ field: 'body', message: 'must be valid JSON' }])).toBe('Invalid request (1 problem): body must be valid JSON');
  });

  test('three problems are all listed, in order', () => {
    expect(summarizeFieldErrors([
      { field: 'areaCode', message: 'must be one of 408, 415, 510' },
      { field: 'voiceMailPlan', message: 'must be true or false, got a string' },
      { field: 'totalIntlCalls', message: 'must be a whole number' },
    ])).toBe(
      'Invalid request (3 problems): areaCode must be one of 408, 415, 510; '
      + 'voiceMailPlan must be true or false, got a string; totalIntlCalls must be a whole number',
    );
  });

  test('five problems are listed without a remainder', () => {
    const summary = summarizeFieldErrors([0, 1, 2, 3, 4].map(error));
    expect(summary).toMatch(/^Invalid request \(5 problems\): records\[0\]\.accountLength is required; /);
    expect(summary).toMatch(/records\[4\]\.accountLength is required$/);
    expect(summary).not.toContain('more');
  });

  test('beyond five, the first five are listed and the rest counted', () => {
    const summary = summarizeFieldErrors([0, 1, 2, 3, 4, 5, 6].map(error));
    expect(summary).toBe(
      `Invalid request (7 problems): ${[0, 1, 2, 3, 4].map((index) => `records[${index}].accountLength is required`).join('; ')}; and 2 more`,
    );
  });
});
