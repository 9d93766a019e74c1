/**
 * The real SageMaker runtime client and the real module-level handler, against a local HTTP
 * server standing in for the endpoint: checks what the mocked tests assume about the SDK
 * (request shape, error names on the wire, retries, the abort signal).
 *
 * Socket errors (ECONNRESET, ECONNREFUSED) are not tested here: Node creates them outside
 * Jest's sandbox, so they fail the SDK's `instanceof Error` check and reach the handler
 * wrapped, which never happens in Lambda. Outside Jest the SDK rejects with
 * `{ name: 'TimeoutError', code: 'ECONNRESET' }` and `{ name: 'Error', code: 'ECONNREFUSED' }`,
 * the shapes test/lambda/upstream-fault.test.ts classifies.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import type * as HandlerModule from '../../lambda/predict/handler';
import { MODEL_CALL_RETRY, ModelCallRetryStrategy } from '../../lambda/shared/model-call-retry';
import { createSageMakerRuntimeClient, MODEL_CALL_LIMITS } from '../../lambda/shared/sagemaker-runtime-client';
import { ErrorResponseBody, jsonEvent, lambdaContext, modelAnswer, PredictionResponseBody, responseBody, validRecord } from './support';
import { BUNDLED_CONTRACT_FILE } from '../support/model-packages';

const ENDPOINT_NAME = 'local-churn-endpoint';

interface ReceivedRequest {
  method?: string;
  url?: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

type Responder = (request: ReceivedRequest, response: http.ServerResponse) => void;

let server: http.Server;
let respond: Responder;
let received: ReceivedRequest[];
let handlerModule: typeof HandlerModule;
let savedEnv: NodeJS.ProcessEnv;
let stdoutSpy: jest.SpyInstance;
let stderrSpy: jest.SpyInstance;

function json(response: http.ServerResponse, statusCode: number, body: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  response.writeHead(statusCode, { 'Content-Type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

function awsError(response: http.ServerResponse, statusCode: number, type: string, body: Record<string, unknown>): void {
  json(response, statusCode, body, { 'x-amzn-ErrorType': type, 'x-amzn-RequestId': 'local-request' });
}

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = { method: request.method, url: request.url, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(entry);
      respond(entry, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  savedEnv = { ...process.env };
  Object.assign(process.env, {
    ENDPOINT_NAME,
    MODEL_CONTRACT_FILE: BUNDLED_CONTRACT_FILE,
    ALLOWED_VARIANTS: 'Blue,Green',
    MODEL_VERSION: 'sha256-local',
    AWS_REGION: 'eu-west-1',
    AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: `http://127.0.0.1:${port}`,
    AWS_ACCESS_KEY_ID: 'AKIDLOCALTESTONLY',
    AWS_SECRET_ACCESS_KEY: 'local-test-secret',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  handlerModule = require('../../lambda/predict/handler') as typeof HandlerModule;
});

afterAll(async () => {
  process.env = savedEnv;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received = [];
  respond = (_, response) => json(response, 200, JSON.parse(modelAnswer([0.5])));
  stdoutSpy = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  stderrSpy = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
});

afterEach(() => {
  stdoutSpy.mockRestore();
  stderrSpy.mockRestore();
});

async function predict(remainingTimeMs = 30_000) {
  return handlerModule.handler(jsonEvent({ records: [validRecord()] }), lambdaContext(remainingTimeMs));
}

describe('createSageMakerRuntimeClient', () => {
  test('uses the fail-fast model-call retry strategy', async () => {
    expect(await createSageMakerRuntimeClient().config.retryStrategy()).toBeInstanceOf(ModelCallRetryStrategy);
  });

  test('all attempts at their time limits fit inside API Gateway\'s 29 s', () => {
    const { maxAttempts, connectionTimeoutMs, requestTimeoutMs } = MODEL_CALL_LIMITS;
    expect(maxAttempts * (connectionTimeoutMs + requestTimeoutMs)).toBeLessThan(29_000);
  });
});

describe('the handler against a local endpoint', () => {
  test('posts the CSV row to the endpoint\'s invocations path and reads the JSON answer', async () => {
    respond = (_, response) => json(response, 200, { predictions: [{ score: 0.8 }] });
    const result = await predict();
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      method: 'POST',
      url: `/endpoints/${ENDPOINT_NAME}/invocations`,
      body: '84,1,0,0,299.4,71,50.9,61.9,88,5.26,196.9,89,8.86,6.6,7,1.78,2,66.8,1,0,0',
    });
    expect(received[0].headers['content-type']).toBe('text/csv');
    expect(received[0].headers.accept).toBe('application/json');
    expect(result.statusCode).toBe(200);
    expect(responseBody<PredictionResponseBody>(result).predictions).toEqual([
      { churnProbability: 0.8, riskLevel: 'high', recommendedAction: 'retention-offer' },
    ]);
  });

  test('a targetVariant goes on the wire as the target-variant header, and the invoked variant is read back', async () => {
    respond = (_, response) => json(response, 200, { predictions: [{ score: 0.2 }] }, { 'x-Amzn-Invoked-Production-Variant': 'Green' });
    const result = await handlerModule.handler(
      jsonEvent({ records: [{ customerId: 'C-9', ...validRecord() }], targetVariant: 'Green' }), lambdaContext(30_000),
    );
    expect(received[0].headers['x-amzn-sagemaker-target-variant']).toBe('Green');
    expect(JSON.parse(result.body)).toEqual({
      modelVersion: 'sha256-local',
      predictions: [{ customerId: 'C-9', churnProbability: 0.2, riskLevel: 'low', recommendedAction: 'none' }],
    });
    const logged = stdoutSpy.mock.calls.map(([chunk]) => String(chunk)).join('');
    expect(logged).toContain('"invokedVariant":"Green"');
    expect(logged).not.toContain('C-9');
  });

  test('without targetVariant no target-variant header is sent', async () => {
    await predict();
    expect(received[0].headers).not.toHaveProperty('x-amzn-sagemaker-target-variant');
  });

  test('a ModelError on the wire is 502 ModelError, not retried, and its message is not passed on', async () => {
    respond = (_, response) => awsError(response, 424, 'ModelError', {
      Message: 'Received client error (400) from primary with message "bad row 84,1,0,0,299.4"',
      OriginalStatusCode: 400,
      OriginalMessage: 'bad row 84,1,0,0,299.4',
    });
    const result = await predict();
    expect(received).toHaveLength(1);
    expect(result.statusCode).toBe(502);
    expect(responseBody<ErrorResponseBody>(result).error.code).toBe('ModelError');
    expect(result.body).not.toContain('bad row');
    const logged = [...stdoutSpy.mock.calls, ...stderrSpy.mock.calls].map(([chunk]) => String(chunk)).join('');
    expect(logged).toContain('"originalStatusCode":400');
    expect(logged).not.toContain('bad row');
  });

  test('a ThrottlingException is not retried: 503 ModelThrottled at once, well inside Prod\'s 300 ms budget', async () => {
    respond = (_, response) => awsError(response, 429, 'ThrottlingException', { message: 'Rate exceeded' });
    const started = Date.now();
    const result = await predict();
    expect(Date.now() - started).toBeLessThan(300);
    expect(received).toHaveLength(1);
    expect(result.statusCode).toBe(503);
    expect(result.headers?.['Retry-After']).toBe('1');
    expect(responseBody<ErrorResponseBody>(result).error.code).toBe('ModelThrottled');
  });

  test('a transient 503 from the endpoint is retried once, 25 ms later, and the second answer is used', async () => {
    let calls = 0;
    respond = (_, response) => {
      calls += 1;
      if (calls === 1) awsError(response, 503, 'ServiceUnavailable', { message: 'try again' });
      else json(response, 200, { predictions: [{ score: 0.4 }] });
    };
    const result = await predict();
    expect(received).toHaveLength(MODEL_CALL_RETRY.maxAttempts);
    expect(result.statusCode).toBe(200);
  });

  test('a persistent 500 stops after the second attempt with 502 EndpointInternalFailure', async () => {
    respond = (_, response) => awsError(response, 500, 'InternalFailure', { message: 'boom' });
    const result = await predict();
    expect(received).toHaveLength(2);
    expect(result.statusCode).toBe(502);
    expect(responseBody<ErrorResponseBody>(result).error.code).toBe('EndpointInternalFailure');
  });

  test.each([200, 204])('an answer with an empty body (status %i) is 502 ModelResponseEmpty, not a crash', async (status) => {
    respond = (_, response) => {
      response.writeHead(status, status === 204 ? {} : { 'Content-Type': 'application/json' });
      response.end();
    };
    const result = await predict();
    expect(result.statusCode).toBe(502);
    expect(responseBody<ErrorResponseBody>(result).error.code).toBe('ModelResponseEmpty');
  });

  test('a ModelNotReadyException is 503 ModelNotReady', async () => {
    respond = (_, response) => awsError(response, 429, 'ModelNotReadyException', { Message: 'Model is not ready' });
    const result = await predict();
    expect(result.statusCode).toBe(503);
    expect(result.headers?.['Retry-After']).toBe('5');
    expect(responseBody<ErrorResponseBody>(result).error.code).toBe('ModelNotReady');
  });

  test('an endpoint that never answers is cut off at the deadline with 504', async () => {
    respond = () => undefined;
    const started = Date.now();
    const result = await predict(1_300);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(result.statusCode).toBe(504);
    expect(responseBody<ErrorResponseBody>(result).error.code).toBe('ModelTimeout');
  });
});
