/**
 * API Gateway's request model and the function's own validation must reject the same bodies.
 * Both read one schema (contract/prediction-contract.ts); here a real draft-04 validator (Ajv, as
 * API Gateway validates models against draft-04) and the function's interpreter judge the same
 * corpus: hand-picked edge cases and generated valid requests. The generated malformed requests
 * and arbitrary JSON (5,000 cases) run in api-gateway-model-equivalence.property.integration.test.ts.
 */
import fc from 'fast-check';
import golden from '../../model/bundled/golden.json';
import { ERROR_RESPONSE_SCHEMA, PREDICTION_RESPONSE_SCHEMA, predictionRequestSchema } from '../../contract/prediction-contract';
import { validateAgainstSchema } from '../../lambda/predict/schema-validator';
import { validRequests } from '../support/malformed-requests';
import { draft04Validator } from './draft-04-validator';
import { bundledRequest } from '../support/model-packages';
import { EQUIVALENCE_MAX_RECORDS as MAX_RECORDS, EQUIVALENCE_SEED as SEED, schemaJudge } from './schema-judgement';

function record(index = 0): Record<string, unknown> {
  return structuredClone(golden.records[index].record) as Record<string, unknown>;
}

function withField(name: string, value: unknown): Record<string, unknown> {
  return { records: [{ ...record(), [name]: value }] };
}

/** Edge cases, each a JSON value (API Gateway answers non-JSON bodies itself, before any model). */
const HAND_PICKED: [string, unknown][] = [
  ['a valid single-record batch', { records: [record()] }],
  ['a valid batch of maxRecords', { records: [0, 1, 2, 3, 4].map(record) }],
  ['customerId at 64 characters', withField('customerId', 'x'.repeat(64))],
  ['customerId at 65 characters', withField('customerId', 'x'.repeat(65))],
  ['customerId with astral characters counted as code points', withField('customerId', '😀')],
  ['customerId empty', withField('customerId', '')],
  ['an integer field at 84.0 (parses as 84)', JSON.parse(JSON.stringify(withField('accountLength', 84)).replace('84', '84.0'))],
  ['an integer field at 84.5', withField('accountLength', 84.5)],
  ['a number field at its maximum', withField('totalDayMinutes', 703)],
  ['a number field just above it', withField('totalDayMinutes', 703.0000001)],
  ['a number field at -0', withField('totalDayMinutes', -0)],
  ['a number as a numeric string', withField('totalDayMinutes', '299.4')],
  ['a boolean as 1', withField('internationalPlan', 1)],
  ['an enum value with a trailing space', withField('areaCode', '408 ')],
  ['an enum value as a number', withField('areaCode', 408)],
  ['a field of null', withField('voiceMailPlan', null)],
  ['an empty object', {}],
  ['an empty record', { records: [{}] }],
  ['records as an object', { records: {} }],
  ['records empty', { records: [] }],
  ['records one too many', { records: [0, 1, 2, 3, 4, 5].map(record) }],
  ['a record that is an array', { records: [[record()]] }],
  ['targetVariant with none allowed', { records: [record()], targetVariant: 'AllTraffic' }],
  ['targetVariant null with none allowed', { records: [record()], targetVariant: null }],
  ['an extra top-level field', { records: [record()], dryRun: true }],
  ['an unknown field named like an Object member', withField('constructor', 1)],
  ['an unknown field named with digits', withField('2', 'x')],
  ['a body that is an array', [record()]],
  ['a body that is a string', 'records'],
  ['a body that is null', null],
  ['a body that is a number', 42],
];

describe('API Gateway\'s request model and the function\'s validation', () => {
  const { judge, expectSameJudgement } = schemaJudge(predictionRequestSchema(bundledRequest({ maxRecords: MAX_RECORDS, allowedVariants: [] })));

  test.each(HAND_PICKED)('agree on %s', (label, value) => {
    expectSameJudgement(value, label);
  });

  test('the hand-picked corpus holds both verdicts', () => {
    const verdicts = HAND_PICKED.map(([, value]) => judge(value).gatewayValid);
    expect(verdicts.filter(Boolean).length).toBeGreaterThanOrEqual(5);
    expect(verdicts.filter((valid) => !valid).length).toBeGreaterThanOrEqual(20);
  });

  test('agree on 500 generated valid requests, all accepted', () => {
    fc.assert(fc.property(validRequests, (body) => {
      const verdict = judge(JSON.parse(body));
      expect([verdict.functionValid, verdict.gatewayValid]).toEqual([true, true]);
    }), { numRuns: 500, seed: SEED });
  });

  test('with variants allowed, agree that only the listed ones are accepted', () => {
    const withVariants = predictionRequestSchema(bundledRequest({ maxRecords: MAX_RECORDS, allowedVariants: ['Blue', 'Green'] }));
    const ajvWithVariants = draft04Validator(withVariants);
    for (const targetVariant of ['Blue', 'Green', 'blue', 'Red', '', 1, null, ['Blue']]) {
      const value = { records: [record()], targetVariant };
      const functionValid = validateAgainstSchema(withVariants, value).length === 0;
      expect({ targetVariant, functionValid }).toEqual({ targetVariant, functionValid: ajvWithVariants(value) });
    }
  });
});

describe('the contract\'s response schemas', () => {
  test('are valid draft-04 schemas (Ajv compiles them in strict mode)', () => {
    expect(() => draft04Validator(PREDICTION_RESPONSE_SCHEMA)).not.toThrow();
    expect(() => draft04Validator(ERROR_RESPONSE_SCHEMA)).not.toThrow();
  });
});
