import { errorResponse, jsonResponse } from '../../lambda/predict/http-response';

describe('jsonResponse', () => {
  test('serializes the body and labels it JSON', () => {
    expect(jsonResponse(200, { predictions: [] })).toEqual({
      statusCode: 200,
      headers: { 'Content-Type': 'application/json' },
      body: '{"predictions":[]}',
    });
  });

  test('adds extra headers beside Content-Type', () => {
    expect(jsonResponse(503, {}, { 'Retry-After': '1' }).headers).toEqual({ 'Content-Type': 'application/json', 'Retry-After': '1' });
  });
});

describe('errorResponse', () => {
  test('wraps code and message in an error object, with no details and no Retry-After by default', () => {
    expect(errorResponse(500, 'InternalError', 'The prediction could not be completed.')).toEqual({
      statusCode: 500,
      headers: { 'Content-Type': 'application/json' },
      body: '{"error":{"code":"InternalError","message":"The prediction could not be completed."}}',
    });
  });

  test('includes field details when given', () => {
    const result = errorResponse(400, 'InvalidRequest', 'Invalid request (1 problem): body must be valid JSON', {
      details: [{ field: 'body', message: 'must be valid JSON' }],
    });
    expect(JSON.parse(result.body)).toEqual({
      error: { code: 'InvalidRequest', message: 'Invalid request (1 problem): body must be valid JSON', details: [{ field: 'body', message: 'must be valid JSON' }] },
    });
    expect(result.headers).not.toHaveProperty('Retry-After');
  });

  test.each([
    [5, '5'],
    [0, '0'],
  ])('sets Retry-After to %d seconds when given', (seconds, header) => {
    expect(errorResponse(503, 'ModelNotReady', 'x', { retryAfterSeconds: seconds }).headers).toEqual({
      'Content-Type': 'application/json', 'Retry-After': header,
    });
  });

  test('leaves Retry-After out when it is undefined', () => {
    expect(errorResponse(502, 'ModelError', 'x', { retryAfterSeconds: undefined }).headers).toEqual({ 'Content-Type': 'application/json' });
  });
});
