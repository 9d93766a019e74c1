import {
  InvokeEndpointCommand, InvokeEndpointCommandOutput, ModelError, ModelNotReadyException, SageMakerRuntimeClient,
} from '@aws-sdk/client-sagemaker-runtime';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import type * as HandlerModule from '../../lambda/predict/handler';
import { CustomerRecord } from '../../lambda/predict/customer-record';
import { encodeCsv, encodeFeatures } from '../../lambda/predict/feature-encoder';
import { FEATURE_SCHEMA } from '../../lambda/predict/feature-schema';
import {
  apiEvent, ErrorResponseBody, fakeDependencies, FakeDependencies, jsonEvent, lambdaContext, modelAnswer,
  PredictionResponseBody, RecordBody, responseBody, TEST_CONFIG, validRecord, validRecords,
} from './support';

const HANDLER_MODULE = '../../lambda/predict/handler';
const CONFIG_VARIABLES = ['ENDPOINT_NAME', 'MAX_RECORDS', 'RISK_THRESHOLD_MEDIUM', 'RISK_THRESHOLD_HIGH', 'MODEL_DEADLINE_MS'];
const ENDPOINT_NAME = 'churn-endpoint-unit-test';
/** Text a model error can carry: the container's message may echo the request. */
const MODEL_ERROR_MESSAGE = 'Received client error (400) from primary: could not parse row 84,1,0,0,123.456';

// Stubs SageMakerRuntimeClient.prototype.send, so the module-level client is mocked too.
const sagemaker = mockClient(SageMakerRuntimeClient);

/** Loads the handler module with exactly these configuration variables; `isolated` gives a fresh copy. */
function loadHandlerModule(env: Record<string, string>, isolated = false): typeof HandlerModule {
  const saved = { ...process.env };
  for (const name of CONFIG_VARIABLES) delete process.env[name];
  // The SDK warns once per module copy that future versions need Node 22; not this test's concern.
  Object.assign(process.env, { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }, env);
  try {
    let loaded: typeof HandlerModule | undefined;
    if (isolated) {
      jest.isolateModules(() => {
        loaded = require(HANDLER_MODULE) as typeof HandlerModule;
      });
    } else {
      loaded = require(HANDLER_MODULE) as typeof HandlerModule;
    }
    if (loaded === undefined) throw new Error('the handler module did not load');
    return loaded;
  } finally {
    process.env = saved;
  }
}

/** Captures what the function writes to stdout: its log entries and EMF metric lines. */
function captureStdout(): { lines: () => Record<string, unknown>[]; text: () => string; restore: () => void } {
  const chunks: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk));
    return true;
  });
  return {
    text: () => chunks.join(''),
    lines: () => chunks.join('').split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>),
    restore: () => spy.mockRestore(),
  };
}

function answerBody(json: string): InvokeEndpointCommandOutput['Body'] {
  return new TextEncoder().encode(json) as InvokeEndpointCommandOutput['Body'];
}

function throttlingError(): Error {
  return Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 429 } });
}

function timeoutError(): Error {
  return Object.assign(new Error('Connection timed out after 5000 ms'), { name: 'TimeoutError' });
}

function modelError(): ModelError {
  return new ModelError({
    message: MODEL_ERROR_MESSAGE, OriginalMessage: MODEL_ERROR_MESSAGE, OriginalStatusCode: 400, $metadata: { httpStatusCode: 424 },
  });
}

/** A record whose values are easy to search for in logs. */
function distinctiveRecord(): RecordBody {
  return { ...validRecord(), totalDayMinutes: 123.456, totalEveCharge: 7.891, totalNightMinutes: 321.987 };
}
const DISTINCTIVE_VALUES = ['123.456', '7.891', '321.987'];

function expectNoCustomerData(text: string, values: readonly string[] = DISTINCTIVE_VALUES): void {
  for (const value of values) expect(text).not.toContain(value);
}

describe('the Lambda entry point (module-level handler, SageMaker client mocked)', () => {
  let handlerModule: typeof HandlerModule;
  let stdout: ReturnType<typeof captureStdout>;

  beforeAll(() => {
    handlerModule = loadHandlerModule({ ENDPOINT_NAME });
  });

  beforeEach(() => {
    sagemaker.reset();
    stdout = captureStdout();
  });

  afterEach(() => stdout.restore());

  afterAll(() => sagemaker.restore());

  async function invoke(body: string | null, remainingTimeMs = 30_000): Promise<APIGatewayProxyResult> {
    return handlerModule.handler(apiEvent(body), lambdaContext(remainingTimeMs, 'req-entry-point'));
  }

  function sentInput(index = 0) {
    const calls = sagemaker.commandCalls(InvokeEndpointCommand);
    expect(calls.length).toBeGreaterThan(index);
    return calls[index].args[0].input;
  }

  function sentCsv(index = 0): string {
    return new TextDecoder().decode(sentInput(index).Body as Uint8Array);
  }

  describe('When the endpoint answers', () => {
    test('sends the record as one CSV row to the configured endpoint and answers 200', async () => {
      sagemaker.on(InvokeEndpointCommand).resolves({ Body: answerBody('{"predictions":[{"score":0.8}]}'), ContentType: 'application/json' });

      const result = await invoke(JSON.stringify(validRecord()));

      expect(sagemaker.commandCalls(InvokeEndpointCommand)).toHaveLength(1);
      expect(sentInput()).toEqual({
        EndpointName: ENDPOINT_NAME,
        ContentType: 'text/csv',
        Accept: 'application/json',
        Body: expect.any(Uint8Array),
      });
      expect(sentCsv()).toBe('84,1,0,0,299.4,71,50.9,61.9,88,5.26,196.9,89,8.86,6.6,7,1.78,2,66.8,1,0,0');
      expect(result).toEqual({
        statusCode: 200,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ predictions: [{ churnProbability: 0.8, riskLevel: 'high' }] }),
      });
    });

    test('passes a live abort signal to the SDK call', async () => {
      sagemaker.on(InvokeEndpointCommand).resolves({ Body: answerBody(modelAnswer([0.1])) });
      await invoke(JSON.stringify(validRecord()));
      const options = (sagemaker.send.getCall(0).args as unknown[])[1] as { abortSignal?: AbortSignal };
      expect(options.abortSignal).toBeInstanceOf(AbortSignal);
      expect(options.abortSignal?.aborted).toBe(false);
    });

    test('sends a batch as one CSV row per record, in order, and answers in the same order', async () => {
      const records = validRecords(3);
      sagemaker.on(InvokeEndpointCommand).resolves({ Body: answerBody(modelAnswer([0.05, 0.45, 0.95])) });

      const result = await invoke(JSON.stringify({ records }));

      expect(sentCsv()).toBe(encodeCsv(records as CustomerRecord[], FEATURE_SCHEMA));
      expect(sentCsv().split('\n')).toHaveLength(3);
      expect(result.statusCode).toBe(200);
      expect(responseBody<PredictionResponseBody>(result).predictions).toEqual([
        { churnProbability: 0.05, riskLevel: 'low' },
        { churnProbability: 0.45, riskLevel: 'medium' },
        { churnProbability: 0.95, riskLevel: 'high' },
      ]);
    });

    test('logs one entry and writes EMF metrics, with no customer data', async () => {
      sagemaker.on(InvokeEndpointCommand).resolves({ Body: answerBody(modelAnswer([0.2])) });
      await invoke(JSON.stringify(distinctiveRecord()));

      const lines = stdout.lines();
      expect(lines.filter((line) => line.message === 'scored')).toEqual([
        { level: 'INFO', requestId: 'req-entry-point', message: 'scored', statusCode: 200, records: 1, modelCallMs: expect.any(Number) },
      ]);
      const metricNames = lines.filter((line) => '_aws' in line).map((line) => (line._aws as { CloudWatchMetrics: { Metrics: { Name: string }[] }[] })
        .CloudWatchMetrics[0].Metrics[0].Name);
      expect(metricNames).toEqual(['ModelCallLatency', 'PredictedRecords']);
      expect(lines.find((line) => 'PredictedRecords' in line)).toMatchObject({ Service: 'PredictFunction', PredictedRecords: 1 });
      expectNoCustomerData(stdout.text());
    });
  });

  describe('When the request is invalid', () => {
    test('answers 400 without calling the endpoint', async () => {
      const result = await invoke(JSON.stringify({ ...validRecord(), accountLength: 487 }));
      expect(result.statusCode).toBe(400);
      expect(responseBody<ErrorResponseBody>(result).error).toEqual({
        code: 'InvalidRequest',
        message: 'Invalid request (1 problem): accountLength must be at most 486',
        details: [{ field: 'accountLength', message: 'must be at most 486' }],
      });
      expect(sagemaker.send.callCount).toBe(0);
    });

    test('the default MAX_RECORDS of 100 applies', async () => {
      const result = await invoke(JSON.stringify({ records: Array.from({ length: 101 }, () => validRecord()) }));
      expect(result.statusCode).toBe(400);
      expect(responseBody<ErrorResponseBody>(result).error.details).toEqual([{ field: 'records', message: 'must hold 1 to 100 records, got 101' }]);
    });
  });

  describe('When the SageMaker call fails', () => {
    test('ThrottlingException answers 503 with Retry-After', async () => {
      sagemaker.on(InvokeEndpointCommand).rejects(throttlingError());
      const result = await invoke(JSON.stringify(validRecord()));
      expect(result.statusCode).toBe(503);
      expect(result.headers).toEqual({ 'Content-Type': 'application/json', 'Retry-After': '1' });
      expect(responseBody<ErrorResponseBody>(result)).toEqual({
        error: { code: 'ModelThrottled', message: 'The model endpoint is throttling requests.' },
      });
      const fault = stdout.lines().find((line) => 'Faults' in line);
      expect(fault).toMatchObject({ Service: 'PredictFunction', FaultCode: 'ModelThrottled', Faults: 1 });
    });

    test('ModelError answers 502 and never passes on the model\'s message', async () => {
      sagemaker.on(InvokeEndpointCommand).rejects(modelError());
      const result = await invoke(JSON.stringify(distinctiveRecord()));
      expect(result.statusCode).toBe(502);
      expect(result.headers).toEqual({ 'Content-Type': 'application/json' });
      expect(responseBody<ErrorResponseBody>(result)).toEqual({
        error: { code: 'ModelError', message: 'The model failed to score the request.' },
      });
      expect(result.body).not.toContain('could not parse');
      expect(result.body).not.toContain('123.456');
      expect(stdout.text()).not.toContain('could not parse');
      expectNoCustomerData(stdout.text());
      expect(stdout.lines().find((line) => line.message === 'model call failed')).toMatchObject({
        level: 'ERROR', statusCode: 502, faultCode: 'ModelError', errorName: 'ModelError', originalStatusCode: 400, records: 1,
      });
    });

    test('ModelNotReadyException answers 503 with a longer Retry-After', async () => {
      sagemaker.on(InvokeEndpointCommand).rejects(new ModelNotReadyException({ message: 'not ready', $metadata: { httpStatusCode: 429 } }));
      const result = await invoke(JSON.stringify(validRecord()));
      expect(result.statusCode).toBe(503);
      expect(result.headers?.['Retry-After']).toBe('5');
      expect(responseBody<ErrorResponseBody>(result).error.code).toBe('ModelNotReady');
    });

    test('a TimeoutError answers 504', async () => {
      sagemaker.on(InvokeEndpointCommand).rejects(timeoutError());
      const result = await invoke(JSON.stringify(validRecord()));
      expect(result.statusCode).toBe(504);
      expect(result.headers?.['Retry-After']).toBe('1');
      expect(responseBody<ErrorResponseBody>(result).error).toEqual({ code: 'ModelTimeout', message: 'The model did not answer in time.' });
    });

    test('the deadline aborts a call that does not return, and answers 504', async () => {
      // Like the SDK's Node HTTP handler: reject with an AbortError when the signal fires.
      sagemaker.send.callsFake((...args: unknown[]) => new Promise((_, reject) => {
        const { abortSignal } = args[1] as { abortSignal: AbortSignal };
        abortSignal.addEventListener('abort', () => reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' })));
      }));
      const started = Date.now();
      const result = await invoke(JSON.stringify(validRecord()), 1_050);
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(result.statusCode).toBe(504);
      expect(responseBody<ErrorResponseBody>(result).error.code).toBe('ModelTimeout');
    });

    test.each([
      ['fewer scores than records', modelAnswer([])],
      ['more scores than records', modelAnswer([0.1, 0.2])],
      ['a body that is not JSON', '<html>Bad Gateway</html>'],
      ['a score outside [0, 1]', modelAnswer([1.7])],
    ])('an answer with %s is 502 MalformedModelResponse', async (_, answer) => {
      sagemaker.on(InvokeEndpointCommand).resolves({ Body: answerBody(answer) });
      const result = await invoke(JSON.stringify(validRecord()));
      expect(result.statusCode).toBe(502);
      expect(responseBody<ErrorResponseBody>(result)).toEqual({
        error: { code: 'MalformedModelResponse', message: 'The model returned an unreadable answer.' },
      });
    });

    test('an answer with no body is 502 MalformedModelResponse', async () => {
      sagemaker.on(InvokeEndpointCommand).resolves({});
      const result = await invoke(JSON.stringify(validRecord()));
      expect(result.statusCode).toBe(502);
      expect(responseBody<ErrorResponseBody>(result).error.code).toBe('MalformedModelResponse');
    });
  });

  describe('When the settings come from the environment', () => {
    test('MAX_RECORDS is read from its variable', async () => {
      stdout.restore();
      const configured = loadHandlerModule({
        ENDPOINT_NAME: 'other-endpoint', MAX_RECORDS: '2', RISK_THRESHOLD_MEDIUM: '0.5', RISK_THRESHOLD_HIGH: '0.9',
      }, true);
      stdout = captureStdout();
      const result = await configured.handler(jsonEvent({ records: validRecords(3) }), lambdaContext());
      expect(responseBody<ErrorResponseBody>(result).error.details).toEqual([{ field: 'records', message: 'must hold 1 to 2 records, got 3' }]);
    });

    test('a missing ENDPOINT_NAME answers 500 ConfigurationError and names the problem only in the log', async () => {
      stdout.restore();
      const misconfigured = loadHandlerModule({ MAX_RECORDS: 'many' }, true);
      stdout = captureStdout();
      const result = await misconfigured.handler(jsonEvent(validRecord()), lambdaContext(30_000, 'req-misconfigured'));
      expect(result.statusCode).toBe(500);
      expect(responseBody<ErrorResponseBody>(result)).toEqual({
        error: { code: 'ConfigurationError', message: 'The prediction service is misconfigured.' },
      });
      expect(stdout.lines().find((line) => line.level === 'ERROR')).toEqual({
        level: 'ERROR',
        requestId: 'req-misconfigured',
        message: 'Invalid configuration: ENDPOINT_NAME is required; MAX_RECORDS must be a number, got "many"; MAX_RECORDS must be a whole number ≥ 1',
      });
    });
  });
});

describe('createPredictHandler (fake dependencies)', () => {
  let createPredictHandler: typeof HandlerModule.createPredictHandler;

  beforeAll(() => {
    ({ createPredictHandler } = loadHandlerModule({ ENDPOINT_NAME }));
  });

  afterEach(() => jest.restoreAllMocks());

  async function run(deps: FakeDependencies, body: string | null, remainingTimeMs = 30_000): Promise<APIGatewayProxyResult> {
    return createPredictHandler(deps)(apiEvent(body), lambdaContext(remainingTimeMs, 'req-fake'));
  }

  /** A clock that reads these times in turn, then stays at the last. */
  function clockReading(...times: number[]): () => number {
    let index = 0;
    return () => times[Math.min(index++, times.length - 1)];
  }

  describe('When the request is invalid', () => {
    test.each([
      ['no body', null, [{ field: 'body', message: 'is required: send a customer record or { "records": [...] }' }]],
      ['a body that is not JSON', '{"areaCode":', [{ field: 'body', message: 'must be valid JSON' }]],
      ['an array body', '[]', [{ field: 'body', message: 'must be a JSON object, got an array' }]],
      ['an empty batch', '{"records":[]}', [{ field: 'records', message: 'must hold 1 to 10 records, got 0' }]],
    ])('%s answers 400 InvalidRequest and never calls the model', async (_, body, details) => {
      const deps = fakeDependencies();
      const result = await run(deps, body);
      expect(result.statusCode).toBe(400);
      expect(result.headers).toEqual({ 'Content-Type': 'application/json' });
      const { error } = responseBody<ErrorResponseBody>(result);
      expect(error.code).toBe('InvalidRequest');
      expect(error.details).toEqual(details);
      expect(deps.invokeModel).not.toHaveBeenCalled();
    });

    test('the details name every bad field, and the message summarizes them', async () => {
      const deps = fakeDependencies();
      const records = validRecords(2);
      records[0].areaCode = '212';
      records[1].numberCustomerServiceCalls = 2.5;
      delete records[1].voiceMailPlan;
      const result = await run(deps, JSON.stringify({ records }));
      expect(responseBody<ErrorResponseBody>(result)).toEqual({
        error: {
          code: 'InvalidRequest',
          message: 'Invalid request (3 problems): records[0].areaCode must be one of 408, 415, 510; '
            + 'records[1].voiceMailPlan is required; records[1].numberCustomerServiceCalls must be a whole number',
          details: [
            { field: 'records[0].areaCode', message: 'must be one of 408, 415, 510' },
            { field: 'records[1].voiceMailPlan', message: 'is required' },
            { field: 'records[1].numberCustomerServiceCalls', message: 'must be a whole number' },
          ],
        },
      });
      expect(deps.invokeModel).not.toHaveBeenCalled();
    });

    test('at most 50 details are returned, and the message counts them all', async () => {
      const deps = fakeDependencies();
      const result = await run(deps, JSON.stringify({ records: Array.from({ length: 10 }, () => ({})) }));
      const { error } = responseBody<ErrorResponseBody>(result);
      expect(error.details).toHaveLength(50);
      expect(error.details?.[0]).toEqual({ field: 'records[0].areaCode', message: 'is required' });
      expect(error.message).toMatch(/^Invalid request \(180 problems\): .*; and 175 more$/);
      expect(deps.logs).toEqual([{ level: 'INFO', requestId: 'req-fake', message: 'request rejected', statusCode: 400, problems: 180 }]);
    });

    test('the batch limit is the configured maxRecords', async () => {
      const deps = fakeDependencies({ config: { ...TEST_CONFIG, maxRecords: 2 } });
      const result = await run(deps, JSON.stringify({ records: validRecords(3) }));
      expect(responseBody<ErrorResponseBody>(result).error.details).toEqual([{ field: 'records', message: 'must hold 1 to 2 records, got 3' }]);
    });

    test('counts one RejectedRequests metric and logs only the number of problems', async () => {
      const deps = fakeDependencies();
      const record = { ...distinctiveRecord(), accountLength: 98765, ssn_555_12_3456: 'x' };
      await run(deps, JSON.stringify(record));
      expect(deps.metricsPut).toEqual([{ name: 'RejectedRequests', value: 1, unit: 'Count' }]);
      expect(deps.logs).toEqual([{ level: 'INFO', requestId: 'req-fake', message: 'request rejected', statusCode: 400, problems: 2 }]);
      expectNoCustomerData(JSON.stringify([deps.logs, deps.metricsPut]), [...DISTINCTIVE_VALUES, '98765', 'ssn_555']);
    });
  });

  describe('When the configuration could not be read', () => {
    const configError = new Error('Invalid configuration: ENDPOINT_NAME is required');

    test('answers 500 ConfigurationError without details and without calling the model', async () => {
      const deps = fakeDependencies({ config: configError });
      const result = await run(deps, JSON.stringify(validRecord()));
      expect(result).toEqual({
        statusCode: 500,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ error: { code: 'ConfigurationError', message: 'The prediction service is misconfigured.' } }),
      });
      expect(deps.invokeModel).not.toHaveBeenCalled();
    });

    test('even a bad request gets the ConfigurationError', async () => {
      const result = await run(fakeDependencies({ config: configError }), 'not json');
      expect(result.statusCode).toBe(500);
    });

    test('logs the reason and counts a ConfigurationError fault', async () => {
      const deps = fakeDependencies({ config: configError });
      await run(deps, JSON.stringify(validRecord()));
      expect(deps.logs).toEqual([{ level: 'ERROR', requestId: 'req-fake', message: 'Invalid configuration: ENDPOINT_NAME is required' }]);
      expect(deps.metricsPut).toEqual([{ name: 'Faults', value: 1, unit: 'Count', dimensions: { FaultCode: 'ConfigurationError' } }]);
    });
  });

  describe('When the model answers', () => {
    test('a batch of 3 records is sent as 3 CSV rows and answered with 3 predictions in order', async () => {
      const records = validRecords(3);
      // A fake model whose score depends on the row, so any reordering shows.
      const deps = fakeDependencies({
        invokeModel: async (csvBody) => modelAnswer(csvBody.split('\n').map((row) => Number(row.split(',')[0]) / 1000)),
      });
      const result = await run(deps, JSON.stringify({ records }));
      const [csvBody] = deps.invokeModel.mock.calls[0];
      expect(csvBody.split('\n')).toEqual(records.map((record) => encodeFeatures(record as CustomerRecord, FEATURE_SCHEMA).join(',')));
      expect(result.statusCode).toBe(200);
      expect(responseBody<PredictionResponseBody>(result).predictions).toEqual(
        records.map((record) => ({ churnProbability: (record.accountLength as number) / 1000, riskLevel: 'low' })),
      );
      expect(new Set(records.map((record) => record.accountLength)).size).toBe(3);
    });

    test('each probability gets its risk level from the configured thresholds', async () => {
      const deps = fakeDependencies({
        config: { ...TEST_CONFIG, riskThresholds: { medium: 0.5, high: 0.9 } },
        invokeModel: async () => modelAnswer([0.49, 0.5, 0.89, 0.9]),
      });
      const result = await run(deps, JSON.stringify({ records: validRecords(4) }));
      expect(responseBody<PredictionResponseBody>(result).predictions).toEqual([
        { churnProbability: 0.49, riskLevel: 'low' },
        { churnProbability: 0.5, riskLevel: 'medium' },
        { churnProbability: 0.89, riskLevel: 'medium' },
        { churnProbability: 0.9, riskLevel: 'high' },
      ]);
    });

    test('counts PredictedRecords and the model call latency, and logs one entry', async () => {
      const deps = fakeDependencies({ now: clockReading(5_000, 5_240) });
      await run(deps, JSON.stringify({ records: validRecords(3) }));
      expect(deps.metricsPut).toEqual([
        { name: 'ModelCallLatency', value: 240, unit: 'Milliseconds' },
        { name: 'PredictedRecords', value: 3, unit: 'Count' },
      ]);
      expect(deps.logs).toEqual([{ level: 'INFO', requestId: 'req-fake', message: 'scored', statusCode: 200, records: 3, modelCallMs: 240 }]);
    });

    test('logs and metrics hold no customer record value', async () => {
      const deps = fakeDependencies();
      await run(deps, JSON.stringify({ records: [distinctiveRecord(), validRecord(1)] }));
      expectNoCustomerData(JSON.stringify([deps.logs, deps.metricsPut]));
      expect(deps.invokeModel.mock.calls[0][0]).toContain('123.456');
    });
  });

  describe('When the model call has a deadline', () => {
    test.each([
      ['the configured deadline when there is time', 20_000, 30_000, 20_000],
      ['the remaining time less 1 s when that is shorter', 20_000, 8_000, 7_000],
      ['the remaining time less 1 s just under the deadline', 20_000, 20_500, 19_500],
      ['a shorter configured deadline', 5_000, 30_000, 5_000],
      ['1 ms when under 1 s remains', 20_000, 900, 1],
    ])('is %s', async (_, modelDeadlineMs, remainingTimeMs, expectedMs) => {
      const timeout = jest.spyOn(AbortSignal, 'timeout');
      const deps = fakeDependencies({ config: { ...TEST_CONFIG, modelDeadlineMs } });
      await run(deps, JSON.stringify(validRecord()), remainingTimeMs);
      expect(timeout).toHaveBeenCalledTimes(1);
      const [deadlineMs] = timeout.mock.calls[0];
      expect(deadlineMs).toBe(expectedMs);
      expect(deadlineMs).toBeLessThanOrEqual(modelDeadlineMs);
      expect(deadlineMs).toBeLessThanOrEqual(Math.max(1, remainingTimeMs - 1_000));
      expect(deps.invokeModel.mock.calls[0][1]).toBe(timeout.mock.results[0].value);
    });

    test('the signal aborts when the deadline passes, and the answer is 504', async () => {
      const deps = fakeDependencies({
        invokeModel: (_, abortSignal) => new Promise((_resolve, reject) => {
          abortSignal.addEventListener('abort', () => reject(abortSignal.reason));
        }),
      });
      const started = Date.now();
      const result = await run(deps, JSON.stringify(validRecord()), 1_040);
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(deps.invokeModel.mock.calls[0][1].aborted).toBe(true);
      expect(result.statusCode).toBe(504);
      expect(responseBody<ErrorResponseBody>(result).error.code).toBe('ModelTimeout');
    });
  });

  describe('When the model call fails', () => {
    test.each([
      ['a throttling error', throttlingError(), 503, 'ModelThrottled', '1'],
      ['ModelNotReadyException', new ModelNotReadyException({ message: 'warming up', $metadata: {} }), 503, 'ModelNotReady', '5'],
      ['a TimeoutError', timeoutError(), 504, 'ModelTimeout', '1'],
      ['ModelError', modelError(), 502, 'ModelError', undefined],
      ['an unexpected bug', new TypeError('Cannot read properties of undefined'), 500, 'InternalError', undefined],
    ])('%s answers %d %s', async (_, error, statusCode, code, retryAfter) => {
      const deps = fakeDependencies({ invokeModel: async () => { throw error; } });
      const result = await run(deps, JSON.stringify(validRecord()));
      expect(result.statusCode).toBe(statusCode);
      expect(result.headers?.['Retry-After']).toBe(retryAfter);
      expect(responseBody<ErrorResponseBody>(result).error.code).toBe(code);
      expect(result.body).not.toContain(error.message);
      expect(deps.metricsPut).toEqual([{ name: 'Faults', value: 1, unit: 'Count', dimensions: { FaultCode: code } }]);
    });

    test('a malformed answer answers 502 MalformedModelResponse and counts that fault', async () => {
      const deps = fakeDependencies({ invokeModel: async () => modelAnswer([0.1, 0.2]) });
      const result = await run(deps, JSON.stringify(validRecord()));
      expect(result.statusCode).toBe(502);
      expect(responseBody<ErrorResponseBody>(result).error.code).toBe('MalformedModelResponse');
      expect(deps.metricsPut).toEqual([{ name: 'Faults', value: 1, unit: 'Count', dimensions: { FaultCode: 'MalformedModelResponse' } }]);
    });

    test('logs the error name and status, never its message or the record', async () => {
      const deps = fakeDependencies({ invokeModel: async () => { throw modelError(); }, now: clockReading(7_000, 7_310) });
      await run(deps, JSON.stringify({ records: [distinctiveRecord(), validRecord(1)] }));
      expect(deps.logs).toEqual([{
        level: 'ERROR', requestId: 'req-fake', message: 'model call failed', statusCode: 502, faultCode: 'ModelError',
        errorName: 'ModelError', originalStatusCode: 400, records: 2, elapsedMs: 310,
      }]);
      const logged = JSON.stringify([deps.logs, deps.metricsPut]);
      expect(logged).not.toContain('could not parse');
      expectNoCustomerData(logged);
    });

    test('a thrown non-Error answers 500 InternalError', async () => {
      const deps = fakeDependencies({ invokeModel: () => Promise.reject(undefined) });
      const result = await run(deps, JSON.stringify(validRecord()));
      expect(result.statusCode).toBe(500);
      expect(responseBody<ErrorResponseBody>(result).error.code).toBe('InternalError');
    });
  });
});
