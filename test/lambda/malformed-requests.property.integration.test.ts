/**
 * Property: every malformed request gets a 400 InvalidRequest in the contract's error envelope that
 * names the offending field(s) and the rule broken, never a 5xx, never a crash, and the model is
 * never called. 10,000 generated batches with deliberate problems, plus 3,000 bodies that are not a
 * JSON object or hold arbitrary JSON.
 */
import fc from 'fast-check';
import { ERROR_RESPONSE_SCHEMA, predictionRequestSchema } from '../../contract/prediction-contract';
import { createPredictHandler } from '../../lambda/predict/handler';
import { draft04Validator } from '../contract/draft-04-validator';
import { bundledRequest } from '../support/model-packages';
import { malformedRequests, MalformedRequest, nonObjectBodies } from '../support/malformed-requests';
import { apiEvent, ErrorResponseBody, fakeDependencies, lambdaContext, TEST_CONFIG } from './support';

const SEED = 4_711;
const isErrorBody = draft04Validator(ERROR_RESPONSE_SCHEMA);
const isValidRequest = draft04Validator(predictionRequestSchema(bundledRequest({ maxRecords: TEST_CONFIG.maxRecords, allowedVariants: [] })));

describe('the handler, given malformed requests', () => {
  const deps = fakeDependencies();
  const handler = createPredictHandler(deps);
  let answered = 0;

  async function expectNamedRejection({ body, fields, broken }: MalformedRequest): Promise<void> {
    const result = await handler(apiEvent(body), lambdaContext());
    answered += 1;
    const label = broken.join('; ');
    expect({ label, statusCode: result.statusCode }).toEqual({ label, statusCode: 400 });
    const parsed = JSON.parse(result.body) as ErrorResponseBody;
    expect(isErrorBody(parsed)).toBe(true);
    expect(parsed.error.code).toBe('InvalidRequest');
    const named = new Set((parsed.error.details ?? []).map((detail) => detail.field));
    expect(named.size).toBeGreaterThan(0);
    for (const field of fields) expect({ label, field, named: named.has(field) }).toEqual({ label, field, named: true });
    for (const detail of parsed.error.details ?? []) expect(detail.message).toMatch(/^(is|must) /);
    expect(parsed.error.message).toContain(`${parsed.error.details?.[0].field} ${parsed.error.details?.[0].message}`);
  }

  afterAll(() => {
    // Nothing reached the model, and every request was counted as rejected.
    expect(deps.invokeModel).not.toHaveBeenCalled();
    expect(deps.metricsPut.filter((metric) => metric.name === 'RejectedRequests')).toHaveLength(answered);
    expect(deps.metricsPut.filter((metric) => metric.name !== 'RejectedRequests')).toEqual([]);
    expect(answered).toBeGreaterThanOrEqual(13_000);
  });

  test('10,000 batches with deliberate problems: 400, naming every broken field', async () => {
    await fc.assert(fc.asyncProperty(malformedRequests(TEST_CONFIG.maxRecords), expectNamedRejection), { numRuns: 10_000, seed: SEED });
  });

  test('2,000 bodies that are not a JSON object: 400 naming the body', async () => {
    await fc.assert(fc.asyncProperty(nonObjectBodies, expectNamedRejection), { numRuns: 2_000, seed: SEED });
  });

  test('1,000 arbitrary JSON objects: 400, naming at least one field', async () => {
    const arbitraryObjects = fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue())
      .filter((value) => !isValidRequest(value))
      .map((value): MalformedRequest => ({ body: JSON.stringify(value), fields: [], broken: ['arbitrary object'] }));
    await fc.assert(fc.asyncProperty(arbitraryObjects, expectNamedRejection), { numRuns: 1_000, seed: SEED });
  });

  test('the logs of all of them hold only counts', () => {
    for (const entry of deps.logs) expect(Object.keys(entry).sort()).toEqual(['apiRequestId', 'level', 'message', 'problems', 'statusCode']);
  });
});
