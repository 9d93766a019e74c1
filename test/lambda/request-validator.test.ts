import { FEATURE_SCHEMA, FieldSpec } from '../../lambda/predict/feature-schema';
import {
  FieldError, summarizeFieldErrors, validatePredictionRequest, ValidationResult,
} from '../../lambda/predict/request-validator';
import { RecordBody, validRecord, validRecords } from './support';

const MAX_RECORDS = 5;

function validate(body: string | null | undefined, maxRecords = MAX_RECORDS): ValidationResult {
  return validatePredictionRequest(body, FEATURE_SCHEMA, maxRecords);
}

function validateJson(value: unknown, maxRecords = MAX_RECORDS): ValidationResult {
  return validate(JSON.stringify(value), maxRecords);
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
  return FEATURE_SCHEMA.fields.filter((field) => field.type === type);
}

const ALL_FIELDS = FEATURE_SCHEMA.fields.map((field) => [field.name, field] as const);
const NUMERIC_FIELDS = [...fieldsOfType('integer'), ...fieldsOfType('number')].map((field) => [field.name, field] as const);
const INTEGER_FIELDS = fieldsOfType('integer').map((field) => [field.name, field] as const);
const BOOLEAN_FIELDS = fieldsOfType('boolean').map((field) => [field.name, field] as const);

describe('the schema the validator is tested against', () => {
  test('has 18 fields of all four types, with ranges on every numeric field', () => {
    expect(FEATURE_SCHEMA.fields).toHaveLength(18);
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
    test('a single record is accepted as a batch of one, unchanged', () => {
      const record = validRecord();
      expect(validateJson(record)).toEqual({ ok: true, records: [record] });
    });

    test('a batch is accepted with its records in order', () => {
      const records = validRecords(3);
      expect(validateJson({ records })).toEqual({ ok: true, records });
    });

    test('a batch of exactly maxRecords is accepted', () => {
      const result = validateJson({ records: validRecords(MAX_RECORDS) });
      expect(result.ok).toBe(true);
      expect(result.ok && result.records).toHaveLength(MAX_RECORDS);
    });

    test('every golden record is accepted', () => {
      const records = validRecords(200);
      expect(validateJson({ records }, 200)).toEqual({ ok: true, records });
    });

    test.each(NUMERIC_FIELDS)('%s accepts its minimum and its maximum', (name, field) => {
      expect(validateJson(withField(name, field.minimum)).ok).toBe(true);
      expect(validateJson(withField(name, field.maximum)).ok).toBe(true);
    });

    test.each(['408', '415', '510'])('areaCode accepts "%s"', (areaCode) => {
      expect(validateJson(withField('areaCode', areaCode)).ok).toBe(true);
    });

    test.each(BOOLEAN_FIELDS)('%s accepts true and false', (name) => {
      expect(validateJson(withField(name, true)).ok).toBe(true);
      expect(validateJson(withField(name, false)).ok).toBe(true);
    });

    test('an integer field written with a zero fraction (84.0) is a whole number', () => {
      const body = JSON.stringify(validRecord()).replace('"accountLength":84', '"accountLength":84.0');
      expect(body).toContain('"accountLength":84.0');
      expect(validate(body).ok).toBe(true);
    });

    test('a number field accepts a fraction', () => {
      expect(validateJson(withField('totalDayMinutes', 123.456)).ok).toBe(true);
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
        errors: [{ field: 'body', message: 'is required: send a customer record or { "records": [...] }' }],
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

  describe('When a field of a single record is broken', () => {
    test.each(ALL_FIELDS)('a missing %s is required', (name) => {
      expect(validateJson(withoutField(name))).toEqual({ ok: false, errors: [{ field: name, message: 'is required' }] });
    });

    test.each(ALL_FIELDS)('%s given null is reported with its type rule', (name, field) => {
      const expected = {
        string: 'must be a string, got null',
        boolean: 'must be true or false, got null',
        integer: 'must be a finite number, got null',
        number: 'must be a finite number, got null',
      }[field.type];
      expect(errorsOf(validateJson(withField(name, null)))).toEqual([{ field: name, message: expected }]);
    });

    test.each([
      ['a number', 408, 'a number'],
      ['a boolean', true, 'a boolean'],
      ['an array', ['408'], 'an array'],
      ['an object', { code: '408' }, 'an object'],
    ])('areaCode given %s must be a string', (_, value, described) => {
      expect(errorsOf(validateJson(withField('areaCode', value)))).toEqual([
        { field: 'areaCode', message: `must be a string, got ${described}` },
      ]);
    });

    test.each(BOOLEAN_FIELDS.flatMap(([name]) => [
      [name, 'true', 'a string'],
      [name, 1, 'a number'],
      [name, 0, 'a number'],
      [name, {}, 'an object'],
    ] as const))('%s given %j must be true or false', (name, value, described) => {
      expect(errorsOf(validateJson(withField(name, value)))).toEqual([
        { field: name, message: `must be true or false, got ${described}` },
      ]);
    });

    test.each(NUMERIC_FIELDS.flatMap(([name]) => [
      [name, '84', 'a string'],
      [name, true, 'a boolean'],
      [name, [1], 'an array'],
    ] as const))('%s given %j must be a finite number', (name, value, described) => {
      expect(errorsOf(validateJson(withField(name, value)))).toEqual([
        { field: name, message: `must be a finite number, got ${described}` },
      ]);
    });

    test('a number too large for a double (1e999 parses as Infinity) is not finite', () => {
      const body = JSON.stringify(validRecord()).replace('"totalDayMinutes":299.4', '"totalDayMinutes":1e999');
      expect(errorsOf(validate(body))).toEqual([{ field: 'totalDayMinutes', message: 'must be a finite number, got a number' }]);
    });

    test.each(INTEGER_FIELDS)('%s given 1.5 must be a whole number', (name) => {
      expect(errorsOf(validateJson(withField(name, 1.5)))).toEqual([{ field: name, message: 'must be a whole number' }]);
    });

    test.each(NUMERIC_FIELDS)('%s below its minimum is rejected', (name, field) => {
      const below = field.type === 'integer' ? -1 : -0.01;
      expect(errorsOf(validateJson(withField(name, below)))).toEqual([{ field: name, message: 'must be at least 0' }]);
    });

    test.each(NUMERIC_FIELDS)('%s above its maximum is rejected', (name, field) => {
      const above = (field.maximum as number) + (field.type === 'integer' ? 1 : 0.01);
      expect(errorsOf(validateJson(withField(name, above)))).toEqual([{ field: name, message: `must be at most ${field.maximum}` }]);
    });

    test('the maximum is stated as in the schema (accountLength at most 486)', () => {
      expect(errorsOf(validateJson(withField('accountLength', 487)))).toEqual([{ field: 'accountLength', message: 'must be at most 486' }]);
    });

    test.each(['999', '', '408 ', 'four-oh-eight'])('areaCode "%s" is not one of the known codes', (areaCode) => {
      expect(errorsOf(validateJson(withField('areaCode', areaCode)))).toEqual([
        { field: 'areaCode', message: 'must be one of 408, 415, 510' },
      ]);
    });

    test('an unknown field is named', () => {
      expect(errorsOf(validateJson(withField('customerId', 'C-17')))).toEqual([{ field: 'customerId', message: 'is not a known field' }]);
    });

    test('a field spelled in another case is unknown, and the real one is missing', () => {
      const record = withoutField('areaCode');
      record.AreaCode = '408';
      expect(errorsOf(validateJson(record))).toEqual([
        { field: 'areaCode', message: 'is required' },
        { field: 'AreaCode', message: 'is not a known field' },
      ]);
    });

    test('a "__proto__" key is an unknown field, not a prototype change', () => {
      const body = JSON.stringify(validRecord()).replace(/}$/, ',"__proto__":{"areaCode":"408"}}');
      expect(errorsOf(validate(body))).toEqual([{ field: '__proto__', message: 'is not a known field' }]);
    });

    test('inherited Object members do not count as fields', () => {
      const body = JSON.stringify(withoutField('areaCode')).replace(/}$/, ',"constructor":1}');
      expect(errorsOf(validate(body))).toEqual([
        { field: 'areaCode', message: 'is required' },
        { field: 'constructor', message: 'is not a known field' },
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
      expect(validateJson({ records: [] })).toEqual({ ok: false, errors: [{ field: 'records', message: 'must hold 1 to 5 records, got 0' }] });
    });

    test('more than maxRecords is too many, and no record is checked', () => {
      const records = [...validRecords(MAX_RECORDS), { bad: true }];
      expect(validateJson({ records })).toEqual({ ok: false, errors: [{ field: 'records', message: 'must hold 1 to 5 records, got 6' }] });
    });

    test('the limit is the maxRecords passed in', () => {
      expect(errorsOf(validateJson({ records: validRecords(3) }, 2))).toEqual([{ field: 'records', message: 'must hold 1 to 2 records, got 3' }]);
    });

    test('a bad field inside a record is named records[i].field', () => {
      const records = validRecords(3);
      records[1].totalDayCalls = -1;
      expect(validateJson({ records })).toEqual({ ok: false, errors: [{ field: 'records[1].totalDayCalls', message: 'must be at least 0' }] });
    });

    test('a missing and an unknown field inside a record are named by path', () => {
      const records = validRecords(3);
      delete records[2].areaCode;
      records[0].customerId = 'C-17';
      expect(errorsOf(validateJson({ records }))).toEqual([
        { field: 'records[0].customerId', message: 'is not a known field' },
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
        { field: 'records[1]', message: `must be a customer record object, got ${described}` },
      ]);
    });

    test('an extra top-level key beside records is named', () => {
      expect(validateJson({ records: validRecords(1), customerId: 'C-17' })).toEqual({
        ok: false,
        errors: [{ field: 'customerId', message: 'is not a known field (a batch holds only "records")' }],
      });
    });

    test('an extra key is reported together with a records problem', () => {
      expect(errorsOf(validateJson({ dryRun: true, records: [] }))).toEqual([
        { field: 'dryRun', message: 'is not a known field (a batch holds only "records")' },
        { field: 'records', message: 'must hold 1 to 5 records, got 0' },
      ]);
    });

    test('a record with schema fields beside records is treated as a batch', () => {
      const body = { ...validRecord(), records: validRecords(1) };
      const errors = errorsOf(validateJson(body));
      expect(errors).toHaveLength(FEATURE_SCHEMA.fields.length);
      expect(errors[0]).toEqual({ field: 'areaCode', message: 'is not a known field (a batch holds only "records")' });
    });
  });

  describe('When a request has several problems', () => {
    test('three bad fields give three errors, in schema order', () => {
      const record = validRecord();
      record.totalIntlCalls = 1.5;
      record.areaCode = '212';
      record.voiceMailPlan = 'no';
      expect(errorsOf(validateJson(record))).toEqual([
        { field: 'areaCode', message: 'must be one of 408, 415, 510' },
        { field: 'voiceMailPlan', message: 'must be true or false, got a string' },
        { field: 'totalIntlCalls', message: 'must be a whole number' },
      ]);
    });

    test('problems in several records of a batch are all reported', () => {
      const records = validRecords(4);
      records[0].accountLength = 1000;
      records[3].totalNightCharge = '8.86';
      records[3].extra = 1;
      expect(errorsOf(validateJson({ records }))).toEqual([
        { field: 'records[0].accountLength', message: 'must be at most 486' },
        { field: 'records[3].totalNightCharge', message: 'must be a finite number, got a string' },
        { field: 'records[3].extra', message: 'is not a known field' },
      ]);
    });

    test('an empty object reports every field as required', () => {
      expect(errorsOf(validateJson({}))).toEqual(FEATURE_SCHEMA.fields.map((field) => ({ field: field.name, message: 'is required' })));
    });

    test('error messages never repeat the value sent', () => {
      const record = validRecord();
      record.accountLength = 98765;
      record.areaCode = 'SECRET-AREA';
      record.internationalPlan = 'SECRET-PLAN';
      const text = JSON.stringify(errorsOf(validateJson(record)));
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
