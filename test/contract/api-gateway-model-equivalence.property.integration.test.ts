/**
 * The generated corpora of api-gateway-model-equivalence.test.ts: API Gateway's request model (a
 * real draft-04 validator) and the function's validation agree on 3,000 generated malformed
 * requests and 2,000 arbitrary JSON values. About 5 s on 2 cores, hence an integration test.
 */
import fc from 'fast-check';
import { predictionRequestSchema } from '../../contract/prediction-contract';
import { malformedRequests } from '../support/malformed-requests';
import { bundledRequest } from '../support/model-packages';
import { EQUIVALENCE_MAX_RECORDS as MAX_RECORDS, EQUIVALENCE_SEED as SEED, schemaJudge } from './schema-judgement';

describe('API Gateway\'s request model and the function\'s validation', () => {
  const { judge, expectSameJudgement } = schemaJudge(predictionRequestSchema(bundledRequest({ maxRecords: MAX_RECORDS, allowedVariants: [] })));

  test('agree on 3,000 generated malformed requests, all rejected, naming the broken fields', () => {
    fc.assert(fc.property(malformedRequests(MAX_RECORDS), ({ body, fields, broken }) => {
      const value: unknown = JSON.parse(body);
      const label = broken.join('; ');
      expectSameJudgement(value, label);
      const verdict = judge(value);
      expect(verdict.gatewayValid).toBe(false);
      for (const field of fields) expect({ label, field, named: verdict.gatewayFields.has(field) }).toEqual({ label, field, named: true });
    }), { numRuns: 3_000, seed: SEED });
  });

  test('agree on 2,000 arbitrary JSON values', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      expectSameJudgement(value, JSON.stringify(value).slice(0, 200));
    }), { numRuns: 2_000, seed: SEED });
  });
});
