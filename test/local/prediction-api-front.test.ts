import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { ProxyHandler } from '../../local/api/handler-bundle';
import {
  AccessLogEntry, API_MAX_BODY_BYTES, PREDICTIONS_PATH, PredictionApiFrontOptions, startPredictionApiFront,
} from '../../local/api/prediction-api-front';
import { ListeningServer } from '../../local/http/listening-server';

interface Call {
  event: APIGatewayProxyEvent;
  context: Context;
  remainingAtStart: number;
}

/** Starts a front around `handler`, runs `body`, and always stops the front. */
async function withFront(
  handler: ProxyHandler,
  body: (front: ListeningServer) => Promise<void>,
  options: Partial<PredictionApiFrontOptions> = {},
): Promise<void> {
  const front = await startPredictionApiFront({ handler, ...options });
  try {
    await body(front);
  } finally {
    await front.close();
  }
}

function recordingHandler(result: APIGatewayProxyResult = { statusCode: 200, body: '{"ok":true}' }) {
  const calls: Call[] = [];
  const handler: ProxyHandler = async (event, context) => {
    calls.push({ event, context, remainingAtStart: context.getRemainingTimeInMillis() });
    return result;
  };
  return { calls, handler };
}

const post = (front: ListeningServer, body: string, init: RequestInit = {}) =>
  fetch(`${front.url}${PREDICTIONS_PATH}`, { method: 'POST', body, ...init });

describe('the local API front (API Gateway REST API, Lambda proxy integration)', () => {
  let stderr: jest.SpyInstance;
  beforeEach(() => {
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => stderr.mockRestore());

  describe('When POST /live/v1/predictions is called', () => {
    test('the function gets a proxy event: method, path without the stage, headers, query, body, request context', async () => {
      const { calls, handler } = recordingHandler();
      await withFront(handler, async (front) => {
        await fetch(`${front.url}${PREDICTIONS_PATH}?dryRun=1&tag=a&tag=b`, {
          method: 'POST', body: '{"x":1}', headers: { 'Content-Type': 'application/json', 'X-Trace': 'abc' },
        });
      });

      expect(calls).toHaveLength(1);
      const { event } = calls[0];
      expect(event).toMatchObject({
        resource: '/v1/predictions',
        path: '/v1/predictions',
        httpMethod: 'POST',
        body: '{"x":1}',
        isBase64Encoded: false,
        pathParameters: null,
        stageVariables: null,
        queryStringParameters: { dryRun: '1', tag: 'b' },
        multiValueQueryStringParameters: { dryRun: ['1'], tag: ['a', 'b'] },
        requestContext: {
          httpMethod: 'POST', path: '/live/v1/predictions', stage: 'live', resourcePath: '/v1/predictions',
          requestTimeEpoch: expect.any(Number), identity: { sourceIp: '127.0.0.1' },
        },
      });
      expect(event.headers['Content-Type'] ?? event.headers['content-type']).toBe('application/json');
      expect(event.headers['X-Trace'] ?? event.headers['x-trace']).toBe('abc');
      expect(event.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(event.requestContext.requestTime).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    });

    test('an empty body reaches the function as null, as API Gateway sends it', async () => {
      const { calls, handler } = recordingHandler();
      await withFront(handler, async (front) => {
        await post(front, '');
      });
      expect(calls[0].event.body).toBeNull();
      expect(calls[0].event.queryStringParameters).toBeNull();
    });

    test('the context counts down from the function timeout and carries a request id of its own', async () => {
      const { calls, handler } = recordingHandler();
      await withFront(handler, async (front) => {
        await post(front, '{}');
      }, { functionTimeoutMillis: 7_000 });
      const { context, remainingAtStart, event } = calls[0];
      expect(remainingAtStart).toBeGreaterThan(6_000);
      expect(remainingAtStart).toBeLessThanOrEqual(7_000);
      expect(context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(context.awsRequestId).not.toBe(event.requestContext.requestId);
      expect(context).toMatchObject({ functionVersion: '$LATEST', memoryLimitInMB: '512' });
      expect(context.invokedFunctionArn).toMatch(/^arn:aws:lambda:us-east-1:000000000000:function:/);
      expect(() => context.succeed('x')).toThrow(/not supported by the local API/);
    });

    test('the answer carries the result\'s status, headers, multi-value headers and body, and x-amzn-RequestId', async () => {
      const { calls, handler } = recordingHandler({
        statusCode: 503, headers: { 'Retry-After': '5' }, multiValueHeaders: { 'X-Multi': ['a', 'b'] }, body: '{"error":{}}',
      });
      await withFront(handler, async (front) => {
        const response = await post(front, '{}');
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toBe('5');
        expect(response.headers.get('x-multi')).toBe('a, b');
        expect(response.headers.get('content-type')).toBe('application/json');
        expect(response.headers.get('x-amzn-requestid')).toBe(calls[0].event.requestContext.requestId);
        expect(await response.text()).toBe('{"error":{}}');
      });
    });

    test('a base64-encoded result body is decoded', async () => {
      const { handler } = recordingHandler({ statusCode: 200, body: Buffer.from('plain text').toString('base64'), isBase64Encoded: true, headers: { 'Content-Type': 'text/plain' } });
      await withFront(handler, async (front) => {
        expect(await (await post(front, '{}')).text()).toBe('plain text');
      });
    });

    test('one access-log entry per request, with both request ids and no body', async () => {
      const entries: AccessLogEntry[] = [];
      const { calls, handler } = recordingHandler();
      await withFront(handler, async (front) => {
        await post(front, '{"secret":"value"}');
      }, { accessLog: (entry) => entries.push(entry) });
      expect(entries).toEqual([{
        requestId: calls[0].event.requestContext.requestId, functionRequestId: calls[0].context.awsRequestId,
        method: 'POST', path: PREDICTIONS_PATH, statusCode: 200, latencyMillis: expect.any(Number),
      }]);
      expect(JSON.stringify(entries)).not.toContain('secret');
    });
  });

  describe('When the function fails', () => {
    test('it throws: 502 GatewayError "Internal server error", in the error envelope', async () => {
      await withFront(async () => { throw new Error('boom'); }, async (front) => {
        const response = await post(front, '{}');
        expect(response.status).toBe(502);
        expect(response.headers.get('content-type')).toBe('application/json');
        expect(await response.json()).toEqual({ error: { code: 'GatewayError', message: 'Internal server error' } });
      });
      expect(stderr.mock.calls.join('')).toMatch(/the function failed: Error: boom/);
    });

    test('it returns something that is not a proxy result: 502', async () => {
      const malformed = (async () => ({ status: 200 })) as unknown as ProxyHandler;
      await withFront(malformed, async (front) => {
        const response = await post(front, '{}');
        expect(response.status).toBe(502);
        expect(await response.json()).toEqual({ error: { code: 'GatewayError', message: 'Internal server error' } });
      });
    });

    test('it outlives its timeout: 502, as API Gateway answers a timed-out function', async () => {
      const slow: ProxyHandler = () => new Promise((resolve) => setTimeout(() => resolve({ statusCode: 200, body: '' }), 300));
      await withFront(slow, async (front) => {
        expect((await post(front, '{}')).status).toBe(502);
      }, { functionTimeoutMillis: 50 });
      expect(stderr.mock.calls.join('')).toMatch(/timed out after 50 ms/);
    });

    test('the integration timeout comes first: 504 GatewayTimeout "Endpoint request timed out"', async () => {
      const slow: ProxyHandler = () => new Promise((resolve) => setTimeout(() => resolve({ statusCode: 200, body: '' }), 300));
      await withFront(slow, async (front) => {
        const response = await post(front, '{}');
        expect(response.status).toBe(504);
        expect(await response.json()).toEqual({ error: { code: 'GatewayTimeout', message: 'Endpoint request timed out' } });
      }, { functionTimeoutMillis: 1_000, integrationTimeoutMillis: 50 });
    });
  });

  describe('When the request does not reach the function', () => {
    test('another path (no stage, the old `v1` stage, another resource): 404; another method: 405 with Allow: POST; the function is not called', async () => {
      const { calls, handler } = recordingHandler();
      await withFront(handler, async (front) => {
        for (const path of ['/v1/predictions', '/v1/v1/predictions', '/live/predictions', '/live/v1', '/live/v1/other', '/live/v2/predictions']) {
          const notFound = await fetch(`${front.url}${path}`, { method: 'POST', body: '{}' });
          expect([path, notFound.status]).toEqual([path, 404]);
          expect(await notFound.json()).toEqual({ error: { code: 'RequestRejected', message: `Not found: the local API serves POST ${PREDICTIONS_PATH}` } });
        }
        const wrongMethod = await fetch(`${front.url}${PREDICTIONS_PATH}`);
        expect(wrongMethod.status).toBe(405);
        expect(wrongMethod.headers.get('allow')).toBe('POST');
        expect(await wrongMethod.json()).toEqual({ error: { code: 'RequestRejected', message: `Method GET not allowed: use POST ${PREDICTIONS_PATH}` } });
      });
      expect(calls).toHaveLength(0);
    });

    test(`a body over API Gateway's ${API_MAX_BODY_BYTES} bytes: 413 RequestTooLarge`, async () => {
      const { calls, handler } = recordingHandler();
      await withFront(handler, async (front) => {
        const response = await post(front, 'x'.repeat(API_MAX_BODY_BYTES + 1));
        expect(response.status).toBe(413);
        expect(await response.json()).toEqual({ error: { code: 'RequestTooLarge', message: 'Request Too Long' } });
      });
      expect(calls).toHaveLength(0);
    });
  });
});
