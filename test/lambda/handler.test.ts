import {
  InvokeEndpointCommand, InvokeEndpointCommandOutput, ModelError, ModelNotReadyException, SageMakerRuntimeClient,
} from '@aws-sdk/client-sagemaker-runtime';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import type * as HandlerModule from '../../lambda/predict/handler';
import { CustomerRecord } from '../../lambda/predict/customer-record';
import { encodeCsv, encodeFeatures } from '../../lambda/predict/feature-encoder';
import { BUNDLED_CONTRACT, BUNDLED_CONTRACT_FILE } from '../support/model-packages';
import {
  answeringModel, apiEvent, batchEvent, ErrorResponseBody, fakeDependencies, FakeDependencies, jsonEvent, lambdaContext,
  modelAnswer, PredictionResponseBody, RecordBody, responseBody, scoringModel, TEST_CONFIG, validRecord, validRecords,
} from './support';

const HANDLER_MODULE = '../../lambda/predict/handler';
const CONFIG_VARIABLES = [
  'ENDPOINT_NAME', 'MAX_RECORDS', 'RISK_THRESHOLD_MEDIUM', 'RISK_THRESHOLD_HIGH', 'MODEL_DEADLINE_MS', 'MODEL_VERSION',
  'ALLOWED_VARIANTS', 'CORS_ALLOWED_ORIGINS', 'RECOMMENDED_ACTION_LOW', 'RECOMMENDED_ACTION_MEDIUM', 'RECOMMENDED_ACTION_HIGH',
  'MODEL_CONTRACT_FILE',
];
const ENDPOINT_NAME = 'churn-endpoint-unit-test';
const MODEL_VERSION = 'sha256-0123456789abcdef';
/** Text a model error can carry: the container's message may echo the request. */
const MODEL_ERROR_MESSAGE = 'Received client error (400) from primary: could not parse row 84,1,0,0,123.456';

// Stubs SageMakerRuntimeClient.prototype.send, so the module-level client is mocked too.
const sagemaker = mockClient(SageMakerRuntimeClient);

type SdkModule = typeof import('@aws-sdk/client-sagemaker-runtime');

/** A handler module, and the SDK mock and command class of the SDK copy it uses. */
interface LoadedHandler {
  module: typeof HandlerModule;
  sagemaker: typeof sagemaker;
  InvokeEndpoint: SdkModule['InvokeEndpointCommand'];
}

/**
 * Loads the handler module with exactly these configuration variables (and the bundled model's
 * contract file, unless they name another), in an environment like
 * Lambda's (on-demand initialization, so Powertools reports cold starts). `isolated` gives a fresh
 * copy of the module and of the SDK, with its own mock.
 */
function loadHandlerModule(env: Record<string, string>, isolated = false): LoadedHandler {
  const saved = { ...process.env };
  for (const name of CONFIG_VARIABLES) delete process.env[name];
  // The SDK warns once per module copy that future versions need Node 22; not this test's concern.
  Object.assign(process.env, {
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand', MODEL_CONTRACT_FILE: BUNDLED_CONTRACT_FILE,
  }, env);
  try {
    let loaded: LoadedHandler | undefined;
    if (isolated) {
      jest.isolateModules(() => {
        const sdk = require('@aws-sdk/client-sagemaker-runtime') as SdkModule;
        loaded = {
          sagemaker: mockClient(sdk.SageMakerRuntimeClient),
          InvokeEndpoint: sdk.InvokeEndpointCommand,
          module: require(HANDLER_MODULE) as typeof HandlerModule,
        };
      });
    } else {
      loaded = { sagemaker, InvokeEndpoint: InvokeEndpointCommand, module: require(HANDLER_MODULE) as typeof HandlerModule };
    }
    if (loaded === undefined) throw new Error('the handler module did not load');
    return loaded;
  } finally {
    process.env = saved;
  }
}

/** Captures what the function writes to stdout and stderr: Powertools log entries and EMF metric lines. */
function captureOutput(): { lines: () => Record<string, unknown>[]; text: () => string; restore: () => void } {
  const chunks: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk));
    return true;
  };
  const spies = [
    jest.spyOn(process.stdout, 'write').mockImplementation(capture),
    jest.spyOn(process.stderr, 'write').mockImplementation(capture),
  ];
  return {
    text: () => chunks.join(''),
    lines: () => chunks.join('').split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>),
    restore: () => spies.forEach((spy) => spy.mockRestore()),
  };
}

interface EmfLine {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
  [key: string]: unknown;
}

function emfLines(lines: Record<string, unknown>[]): EmfLine[] {
  return lines.filter((line) => '_aws' in line) as EmfLine[];
}

function metricNames(lines: Record<string, unknown>[]): string[] {
  return emfLines(lines).flatMap((line) => line._aws.CloudWatchMetrics[0].Metrics.map((metric) => metric.Name));
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

/** A record whose values (and caller id) are easy to search for in logs. */
function distinctiveRecord(): RecordBody {
  return { ...validRecord(), customerId: 'CUST-SECRET-4711', totalDayMinutes: 123.456, totalEveCharge: 7.891, totalNightMinutes: 321.987 };
}
const DISTINCTIVE_VALUES = ['123.456', '7.891', '321.987', 'CUST-SECRET-4711'];

function expectNoCustomerData(text: string, values: readonly string[] = DISTINCTIVE_VALUES): void {
  for (const value of values) expect(text).not.toContain(value);
}

describe('the Lambda entry point (module-level handler, Powertools, SageMaker client mocked)', () => {
  let handlerModule: typeof HandlerModule;
  let output: ReturnType<typeof captureOutput>;

  beforeAll(() => {
    handlerModule = loadHandlerModule({ ENDPOINT_NAME, MODEL_VERSION }).module;
  });

  beforeEach(() => {
    sagemaker.reset();
    output = captureOutput();
  });

  afterEach(() => output.restore());

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
    test('sends the record as one CSV row to the configured endpoint and answers 200 with the model version', async () => {
      sagemaker.on(InvokeEndpointCommand).resolves({ Body: answerBody('{"predictions":[{"score":0.8}]}'), ContentType: 'application/json' });

      const result = await invoke(JSON.stringify({ records: [{ customerId: 'C-1', ...validRecord() }] }));

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
        body: JSON.stringify({
          modelVersion: MODEL_VERSION,
          predictions: [{ customerId: 'C-1', churnProbability: 0.8, riskLevel: 'high', recommendedAction: 'retention-offer' }],
        }),
      });
    });

    test('passes a live abort signal to the SDK call', async () => {
      sagemaker.on(InvokeEndpointCommand).resolves({ Body: answerBody(modelAnswer([0.1])) });
      await invoke(JSON.stringify({ records: [validRecord()] }));
      const options = (sagemaker.send.getCall(0).args as unknown[])[1] as { abortSignal?: AbortSignal };
      expect(options.abortSignal).toBeInstanceOf(AbortSignal);
      expect(options.abortSignal?.aborted).toBe(false);
    });

    test('sends a batch as one CSV row per record, in order, and answers in the same order', async () => {
      const records = validRecords(3);
      sagemaker.on(InvokeEndpointCommand).resolves({ Body: answerBody(modelAnswer([0.05, 0.45, 0.95])) });

      const result = await invoke(JSON.stringify({ records }));

      expect(sentCsv()).toBe(encodeCsv(records as CustomerRecord[], BUNDLED_CONTRACT));
      expect(sentCsv().split('\n')).toHaveLength(3);
      expect(result.statusCode).toBe(200);
      expect(responseBody<PredictionResponseBody>(result).predictions).toEqual([
        { churnProbability: 0.05, riskLevel: 'low', recommendedAction: 'none' },
        { churnProbability: 0.45, riskLevel: 'medium', recommendedAction: 'engagement-offer' },
        { churnProbability: 0.95, riskLevel: 'high', recommendedAction: 'retention-offer' },
      ]);
    });

    test('logs one Powertools entry with the request ids, and writes EMF metrics, with no customer data', async () => {
      sagemaker.on(InvokeEndpointCommand).resolves({ Body: answerBody(modelAnswer([0.2])), InvokedProductionVariant: 'AllTraffic' });
      await handlerModule.handler(batchEvent([distinctiveRecord()]), lambdaContext(30_000, 'req-entry-point'));

      const lines = output.lines();
      expect(lines.filter((line) => line.message === 'scored')).toEqual([expect.objectContaining({
        level: 'INFO', service: 'PredictFunction', function_request_id: 'req-entry-point', apiRequestId: 'api-req-0001',
        statusCode: 200, records: 1, modelCallMs: expect.any(Number), invokedVariant: 'AllTraffic',
      })]);
      const emf = emfLines(lines).find((line) => 'PredictedRecords' in line);
      expect(emf?._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: 'ChurnPrediction', Dimensions: [['service']] });
      expect(emf).toMatchObject({ service: 'PredictFunction', PredictedRecords: 1, BatchSize: 1, ModelCallLatency: expect.any(Number) });
      expect(metricNames(lines)).toEqual(expect.arrayContaining(['ModelCallLatency', 'PredictedRecords', 'BatchSize']));
      expectNoCustomerData(output.text());
    });
  });

  describe('When the request is invalid', () => {
    test('answers 400 without calling the endpoint', async () => {
      const result = await invoke(JSON.stringify({ records: [{ ...validRecord(), accountLength: 487 }] }));
      expect(result.statusCode).toBe(400);
      expect(responseBody<ErrorResponseBody>(result).error).toEqual({
        code: 'InvalidRequest',
        message: 'Invalid request (1 problem): records[0].accountLength must be at most 486',
        details: [{ field: 'records[0].accountLength', message: 'must be at most 486' }],
      });
      expect(sagemaker.send.callCount).toBe(0);
      expect(metricNames(output.lines())).toContain('RejectedRequests');
    });

    test('the default MAX_RECORDS of 100 applies', async () => {
      const result = await invoke(JSON.stringify({ records: Array.from({ length: 101 }, () => validRecord()) }));
      expect(result.statusCode).toBe(400);
      expect(responseBody<ErrorResponseBody>(result).error.details).toEqual([{ field: 'records', message: 'must hold 1 to 100 items, got 101' }]);
    });

    test('with no ALLOWED_VARIANTS, targetVariant is refused and named', async () => {
      const result = await invoke(JSON.stringify({ records: [validRecord()], targetVariant: 'AllTraffic' }));
      expect(result.statusCode).toBe(400);
      expect(responseBody<ErrorResponseBody>(result).error.details).toEqual([
        { field: 'targetVariant', message: 'is not accepted: Variant targeting is not enabled on this API.' },
      ]);
      expect(sagemaker.send.callCount).toBe(0);
    });
  });

  describe('When the SageMaker call fails', () => {
    test('ThrottlingException answers 503 with Retry-After, and the fault is counted by code', async () => {
      sagemaker.on(InvokeEndpointCommand).rejects(throttlingError());
      const result = await invoke(JSON.stringify({ records: [validRecord()] }));
      expect(result.statusCode).toBe(503);
      expect(result.headers).toEqual({ 'Content-Type': 'application/json', 'Retry-After': '1' });
      expect(responseBody<ErrorResponseBody>(result)).toEqual({
        error: { code: 'ModelThrottled', message: 'The model endpoint is throttling requests.' },
      });
      const fault = emfLines(output.lines()).find((line) => 'Faults' in line);
      expect(fault).toMatchObject({ service: 'PredictFunction', FaultCode: 'ModelThrottled', Faults: 1 });
      expect(fault?._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service', 'FaultCode']]);
    });

    test('ModelError answers 502 and never passes on or logs the model\'s message', async () => {
      sagemaker.on(InvokeEndpointCommand).rejects(modelError());
      const result = await invoke(JSON.stringify({ records: [distinctiveRecord()] }));
      expect(result.statusCode).toBe(502);
      expect(result.headers).toEqual({ 'Content-Type': 'application/json' });
      expect(responseBody<ErrorResponseBody>(result)).toEqual({
        error: { code: 'ModelError', message: 'The model failed to score the request.' },
      });
      expect(result.body).not.toContain('could not parse');
      expect(result.body).not.toContain('123.456');
      expect(output.text()).not.toContain('could not parse');
      expectNoCustomerData(output.text());
      expect(output.lines().find((line) => line.message === 'model call failed')).toMatchObject({
        level: 'ERROR', statusCode: 502, faultCode: 'ModelError', errorName: 'ModelError', originalStatusCode: 400, records: 1,
      });
    });

    test('ModelNotReadyException answers 503 with a longer Retry-After', async () => {
      sagemaker.on(InvokeEndpointCommand).rejects(new ModelNotReadyException({ message: 'not ready', $metadata: { httpStatusCode: 429 } }));
      const result = await invoke(JSON.stringify({ records: [validRecord()] }));
      expect(result.statusCode).toBe(503);
      expect(result.headers?.['Retry-After']).toBe('5');
      expect(responseBody<ErrorResponseBody>(result).error.code).toBe('ModelNotReady');
    });

    test('a TimeoutError answers 504', async () => {
      sagemaker.on(InvokeEndpointCommand).rejects(timeoutError());
      const result = await invoke(JSON.stringify({ records: [validRecord()] }));
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
      const result = await invoke(JSON.stringify({ records: [validRecord()] }), 1_050);
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(result.statusCode).toBe(504);
      expect(responseBody<ErrorResponseBody>(result).error.code).toBe('ModelTimeout');
    });

    test.each([
      ['fewer scores than records', 'ModelResponseCountMismatch', modelAnswer([])],
      ['more scores than records', 'ModelResponseCountMismatch', modelAnswer([0.1, 0.2])],
      ['a body that is not JSON', 'ModelResponseNotJson', '<html>Bad Gateway</html>'],
      ['JSON without predictions', 'ModelResponseUnexpectedShape', '{"scores":[0.1]}'],
      ['a non-numeric score', 'ModelResponseInvalidScore', '{"predictions":[{"score":"high"}]}'],
      ['a score outside [0, 1]', 'ModelResponseInvalidScore', modelAnswer([1.7])],
    ])('an answer with %s is 502 %s', async (_, code, answer) => {
      sagemaker.on(InvokeEndpointCommand).resolves({ Body: answerBody(answer) });
      const result = await invoke(JSON.stringify({ records: [validRecord()] }));
      expect(result.statusCode).toBe(502);
      expect(responseBody<ErrorResponseBody>(result).error.code).toBe(code);
      expect(emfLines(output.lines()).find((line) => 'Faults' in line)).toMatchObject({ FaultCode: code });
    });

    test('an answer with no body is 502 ModelResponseEmpty', async () => {
      sagemaker.on(InvokeEndpointCommand).resolves({});
      const result = await invoke(JSON.stringify({ records: [validRecord()] }));
      expect(result.statusCode).toBe(502);
      expect(responseBody<ErrorResponseBody>(result).error.code).toBe('ModelResponseEmpty');
    });
  });

  describe('When the settings come from the environment', () => {
    function loadFresh(env: Record<string, string>): LoadedHandler {
      output.restore();
      const loaded = loadHandlerModule(env, true);
      output = captureOutput();
      return loaded;
    }

    function answersWith(loaded: LoadedHandler, scores: number[], invokedVariant = 'AllTraffic'): void {
      loaded.sagemaker.on(loaded.InvokeEndpoint).resolves({ Body: answerBody(modelAnswer(scores)), InvokedProductionVariant: invokedVariant });
    }

    test('MAX_RECORDS is read from its variable', async () => {
      const configured = loadFresh({ ENDPOINT_NAME: 'other-endpoint', MAX_RECORDS: '2', RISK_THRESHOLD_MEDIUM: '0.5', RISK_THRESHOLD_HIGH: '0.9' });
      const result = await configured.module.handler(batchEvent(validRecords(3)), lambdaContext());
      expect(responseBody<ErrorResponseBody>(result).error.details).toEqual([{ field: 'records', message: 'must hold 1 to 2 items, got 3' }]);
    });

    test('an allowed targetVariant is passed to InvokeEndpoint as TargetVariant; another is refused', async () => {
      const configured = loadFresh({ ENDPOINT_NAME, ALLOWED_VARIANTS: 'Blue, Green' });
      answersWith(configured, [0.1], 'Green');
      const accepted = await configured.module.handler(jsonEvent({ records: [validRecord()], targetVariant: 'Green' }), lambdaContext());
      expect(accepted.statusCode).toBe(200);
      const calls = configured.sagemaker.commandCalls(configured.InvokeEndpoint);
      expect(calls[0].args[0].input).toMatchObject({ EndpointName: ENDPOINT_NAME, TargetVariant: 'Green' });
      const refused = await configured.module.handler(jsonEvent({ records: [validRecord()], targetVariant: 'Red' }), lambdaContext());
      expect(responseBody<ErrorResponseBody>(refused).error.details).toEqual([{ field: 'targetVariant', message: 'must be one of Blue, Green' }]);
      expect(configured.sagemaker.commandCalls(configured.InvokeEndpoint)).toHaveLength(1);
      expect(output.lines().find((line) => line.message === 'scored')).toMatchObject({ targetVariant: 'Green', invokedVariant: 'Green' });
    });

    test('the recommended actions are read from their variables', async () => {
      const configured = loadFresh({ ENDPOINT_NAME, RECOMMENDED_ACTION_HIGH: 'call-customer', RECOMMENDED_ACTION_LOW: 'upsell' });
      answersWith(configured, [0.9, 0.1]);
      const result = await configured.module.handler(batchEvent(validRecords(2)), lambdaContext());
      expect(responseBody<PredictionResponseBody>(result).predictions.map((p) => p.recommendedAction)).toEqual(['call-customer', 'upsell']);
      expect(responseBody<PredictionResponseBody>(result).modelVersion).toBe('unversioned');
    });

    test('a missing ENDPOINT_NAME answers 500 ConfigurationError and names the problem only in the log', async () => {
      const misconfigured = loadFresh({ MAX_RECORDS: 'many' });
      const result = await misconfigured.module.handler(batchEvent([validRecord()]), lambdaContext(30_000, 'req-misconfigured'));
      expect(result.statusCode).toBe(500);
      expect(responseBody<ErrorResponseBody>(result)).toEqual({
        error: { code: 'ConfigurationError', message: 'The prediction service is misconfigured.' },
      });
      expect(output.lines().find((line) => line.level === 'ERROR')).toMatchObject({
        function_request_id: 'req-misconfigured',
        message: 'Invalid configuration: ENDPOINT_NAME is required; MAX_RECORDS must be a number, got "many"; '
          + 'MAX_RECORDS must be a whole number from 1 to 1000',
      });
    });

    test('a fresh execution environment writes ColdStart once', async () => {
      const fresh = loadFresh({ ENDPOINT_NAME });
      await fresh.module.handler(apiEvent('not json'), lambdaContext());
      await fresh.module.handler(apiEvent('not json'), lambdaContext());
      expect(metricNames(output.lines()).filter((name) => name === 'ColdStart')).toHaveLength(1);
      expect(output.lines().filter((line) => line.message === 'request rejected').map((line) => line.cold_start)).toEqual([true, false]);
    });
  });
});

describe('createPredictHandler (fake dependencies)', () => {
  let createPredictHandler: typeof HandlerModule.createPredictHandler;

  beforeAll(() => {
    ({ createPredictHandler } = loadHandlerModule({ ENDPOINT_NAME }).module);
  });

  afterEach(() => jest.restoreAllMocks());

  async function run(deps: FakeDependencies, body: string | null, remainingTimeMs = 30_000): Promise<APIGatewayProxyResult> {
    return createPredictHandler(deps)(apiEvent(body), lambdaContext(remainingTimeMs, 'req-fake'));
  }

  function batch(records: readonly unknown[], extra: Record<string, unknown> = {}): string {
    return JSON.stringify({ records, ...extra });
  }

  /** A clock that reads these times in turn, then stays at the last. */
  function clockReading(...times: number[]): () => number {
    let index = 0;
    return () => times[Math.min(index++, times.length - 1)];
  }

  describe('When the request is invalid', () => {
    test.each([
      ['no body', null, [{ field: 'body', message: 'is required: send { "records": [ ... ] }' }]],
      ['a body that is not JSON', '{"records":', [{ field: 'body', message: 'must be valid JSON' }]],
      ['an array body', '[]', [{ field: 'body', message: 'must be a JSON object, got an array' }]],
      ['an empty batch', '{"records":[]}', [{ field: 'records', message: 'must hold 1 to 10 items, got 0' }]],
      ['a bare record (the batch is required)', JSON.stringify({ areaCode: '408' }),
        [{ field: 'records', message: 'is required' }, { field: 'areaCode', message: 'is not a known field' }]],
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
      const result = await run(deps, batch(records));
      expect(responseBody<ErrorResponseBody>(result)).toEqual({
        error: {
          code: 'InvalidRequest',
          message: 'Invalid request (3 problems): records[0].areaCode must be one of 408, 415, 510; '
            + 'records[1].voiceMailPlan is required; records[1].numberCustomerServiceCalls must be a whole number, got a fraction',
          details: [
            { field: 'records[0].areaCode', message: 'must be one of 408, 415, 510' },
            { field: 'records[1].voiceMailPlan', message: 'is required' },
            { field: 'records[1].numberCustomerServiceCalls', message: 'must be a whole number, got a fraction' },
          ],
        },
      });
      expect(deps.invokeModel).not.toHaveBeenCalled();
    });

    test('at most 50 details are returned, and the message counts them all', async () => {
      const deps = fakeDependencies();
      const result = await run(deps, batch(Array.from({ length: 10 }, () => ({}))));
      const { error } = responseBody<ErrorResponseBody>(result);
      expect(error.details).toHaveLength(50);
      expect(error.details?.[0]).toEqual({ field: 'records[0].areaCode', message: 'is required' });
      expect(error.message).toMatch(/^Invalid request \(180 problems\): .*; and 175 more$/);
      expect(deps.logs).toEqual([{ level: 'INFO', apiRequestId: 'api-req-0001', message: 'request rejected', statusCode: 400, problems: 180 }]);
    });

    test('the batch limit is the configured maxRecords', async () => {
      const deps = fakeDependencies({ config: { ...TEST_CONFIG, maxRecords: 2 } });
      const result = await run(deps, batch(validRecords(3)));
      expect(responseBody<ErrorResponseBody>(result).error.details).toEqual([{ field: 'records', message: 'must hold 1 to 2 items, got 3' }]);
    });

    test('a customerId that is not a short plain reference is named', async () => {
      const deps = fakeDependencies();
      const result = await run(deps, batch([{ ...validRecord(), customerId: 'x'.repeat(65) }, { ...validRecord(), customerId: 'a b' }]));
      expect(responseBody<ErrorResponseBody>(result).error.details).toEqual([
        { field: 'records[0].customerId', message: 'must be 1 to 64 characters long, got 65' },
        { field: 'records[1].customerId', message: 'must match ^[A-Za-z0-9._:@-]+$' },
      ]);
    });

    test('counts one RejectedRequests metric and logs only the number of problems', async () => {
      const deps = fakeDependencies();
      const record = { ...distinctiveRecord(), accountLength: 98765, ssn_555_12_3456: 'x' };
      await run(deps, batch([record]));
      expect(deps.metricsPut).toEqual([{ name: 'RejectedRequests', value: 1, unit: 'Count' }]);
      expect(deps.logs).toEqual([{ level: 'INFO', apiRequestId: 'api-req-0001', message: 'request rejected', statusCode: 400, problems: 2 }]);
      expectNoCustomerData(JSON.stringify([deps.logs, deps.metricsPut]), [...DISTINCTIVE_VALUES, '98765', 'ssn_555']);
    });

    test('a base64-encoded body is decoded first', async () => {
      const deps = fakeDependencies();
      const event = { ...apiEvent(Buffer.from(batch([validRecord()])).toString('base64')), isBase64Encoded: true };
      const result = await createPredictHandler(deps)(event, lambdaContext());
      expect(result.statusCode).toBe(200);
    });
  });

  describe('When the configuration could not be read', () => {
    const configError = new Error('Invalid configuration: ENDPOINT_NAME is required');

    test('answers 500 ConfigurationError without details and without calling the model', async () => {
      const deps = fakeDependencies({ config: configError });
      const result = await run(deps, batch([validRecord()]));
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
      await run(deps, batch([validRecord()]));
      expect(deps.logs).toEqual([{ level: 'ERROR', apiRequestId: 'api-req-0001', message: 'Invalid configuration: ENDPOINT_NAME is required' }]);
      expect(deps.metricsPut).toEqual([{ name: 'Faults', value: 1, unit: 'Count', dimensions: { FaultCode: 'ConfigurationError' } }]);
    });
  });

  describe('When the model answers', () => {
    test('a batch of 3 records is sent as 3 CSV rows and answered with 3 predictions in order', async () => {
      const records = validRecords(3);
      // A fake model whose score depends on the row, so any reordering shows.
      const deps = fakeDependencies({ invokeModel: scoringModel((row) => Number(row.split(',')[0]) / 1000) });
      const result = await run(deps, batch(records));
      const [call] = deps.invokeModel.mock.calls[0];
      expect(call.csvBody.split('\n')).toEqual(records.map((record) => encodeFeatures(record as CustomerRecord, BUNDLED_CONTRACT).join(',')));
      expect(call.targetVariant).toBeUndefined();
      expect(result.statusCode).toBe(200);
      expect(responseBody<PredictionResponseBody>(result)).toEqual({
        modelVersion: TEST_CONFIG.modelVersion,
        predictions: records.map((record) => ({
          churnProbability: (record.accountLength as number) / 1000, riskLevel: 'low', recommendedAction: 'none',
        })),
      });
      expect(new Set(records.map((record) => record.accountLength)).size).toBe(3);
    });

    test('each customerId is echoed with its own prediction, and never sent to the model', async () => {
      const records = [{ customerId: 'A-1', ...validRecord(0) }, validRecord(1), { ...validRecord(2), customerId: 'C:3' }];
      const deps = fakeDependencies({ invokeModel: answeringModel(modelAnswer([0.1, 0.5, 0.9])) });
      const result = await run(deps, batch(records));
      expect(responseBody<PredictionResponseBody>(result).predictions).toEqual([
        { customerId: 'A-1', churnProbability: 0.1, riskLevel: 'low', recommendedAction: 'none' },
        { churnProbability: 0.5, riskLevel: 'medium', recommendedAction: 'engagement-offer' },
        { customerId: 'C:3', churnProbability: 0.9, riskLevel: 'high', recommendedAction: 'retention-offer' },
      ]);
      expect(deps.invokeModel.mock.calls[0][0].csvBody).not.toMatch(/A-1|C:3/);
    });

    test('each probability gets its band from the configured thresholds, and the band\'s configured action', async () => {
      const deps = fakeDependencies({
        config: {
          ...TEST_CONFIG,
          riskThresholds: { medium: 0.5, high: 0.9 },
          recommendedActions: { low: 'nothing', medium: 'discount-10', high: 'call-now' },
        },
        invokeModel: answeringModel(modelAnswer([0.49, 0.5, 0.89, 0.9])),
      });
      const result = await run(deps, batch(validRecords(4)));
      expect(responseBody<PredictionResponseBody>(result).predictions).toEqual([
        { churnProbability: 0.49, riskLevel: 'low', recommendedAction: 'nothing' },
        { churnProbability: 0.5, riskLevel: 'medium', recommendedAction: 'discount-10' },
        { churnProbability: 0.89, riskLevel: 'medium', recommendedAction: 'discount-10' },
        { churnProbability: 0.9, riskLevel: 'high', recommendedAction: 'call-now' },
      ]);
    });

    test('an allowed targetVariant reaches the model call', async () => {
      const deps = fakeDependencies({ config: { ...TEST_CONFIG, allowedVariants: ['Blue', 'Green'] } });
      const result = await run(deps, batch([validRecord()], { targetVariant: 'Blue' }));
      expect(result.statusCode).toBe(200);
      expect(deps.invokeModel.mock.calls[0][0].targetVariant).toBe('Blue');
      expect(deps.logs[0]).toMatchObject({ message: 'scored', targetVariant: 'Blue', invokedVariant: 'AllTraffic' });
    });

    test('counts PredictedRecords, BatchSize and the model call latency, logs one entry, and flushes once', async () => {
      const deps = fakeDependencies({ now: clockReading(5_000, 5_240) });
      await run(deps, batch(validRecords(3)));
      expect(deps.metricsPut).toEqual([
        { name: 'ModelCallLatency', value: 240, unit: 'Milliseconds' },
        { name: 'PredictedRecords', value: 3, unit: 'Count' },
        { name: 'BatchSize', value: 3, unit: 'Count' },
      ]);
      expect(deps.logs).toEqual([{
        level: 'INFO', apiRequestId: 'api-req-0001', message: 'scored', statusCode: 200, records: 3, modelCallMs: 240, invokedVariant: 'AllTraffic',
      }]);
      expect(deps.counters).toEqual({ coldStart: 1, flushes: 1 });
    });

    test('logs and metrics hold no customer record value or customer id', async () => {
      const deps = fakeDependencies();
      await run(deps, batch([distinctiveRecord(), validRecord(1)]));
      expectNoCustomerData(JSON.stringify([deps.logs, deps.metricsPut]));
      expect(deps.invokeModel.mock.calls[0][0].csvBody).toContain('123.456');
    });
  });

  describe('When CORS is configured', () => {
    const config = { ...TEST_CONFIG, corsAllowedOrigins: ['https://app.example.com'] };

    test('an allowed Origin gets Access-Control-Allow-Origin on the answer, errors included', async () => {
      const handler = createPredictHandler(fakeDependencies({ config }));
      for (const body of [batch([validRecord()]), 'not json']) {
        const result = await handler(apiEvent(body, { origin: 'https://app.example.com' }), lambdaContext());
        expect(result.headers).toMatchObject({ 'Access-Control-Allow-Origin': 'https://app.example.com', Vary: 'Origin' });
      }
    });

    test('another Origin gets no Allow-Origin header', async () => {
      const result = await createPredictHandler(fakeDependencies({ config }))(
        apiEvent(batch([validRecord()]), { Origin: 'https://evil.example' }), lambdaContext(),
      );
      expect(result.headers).not.toHaveProperty('Access-Control-Allow-Origin');
    });

    test('with CORS off (the default), no CORS header at all', async () => {
      const result = await createPredictHandler(fakeDependencies())(apiEvent(batch([validRecord()]), { origin: 'https://app.example.com' }), lambdaContext());
      expect(result.headers).toEqual({ 'Content-Type': 'application/json' });
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
      await run(deps, batch([validRecord()]), remainingTimeMs);
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
      const result = await run(deps, batch([validRecord()]), 1_040);
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
      ['a connection reset', Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET' }), 502, 'ModelConnectionFailed', '1'],
      ['an endpoint 500', Object.assign(new Error('boom'), { name: 'InternalFailure', $metadata: { httpStatusCode: 500 } }), 502, 'EndpointInternalFailure', '1'],
      ['an unexpected bug', new TypeError('Cannot read properties of undefined'), 500, 'InternalError', undefined],
    ])('%s answers %s %s', async (_, error, statusCode, code, retryAfter) => {
      const deps = fakeDependencies({ invokeModel: async () => { throw error; } });
      const result = await run(deps, batch([validRecord()]));
      expect(result.statusCode).toBe(statusCode);
      expect(result.headers?.['Retry-After']).toBe(retryAfter);
      expect(responseBody<ErrorResponseBody>(result).error.code).toBe(code);
      expect(result.body).not.toContain(error.message);
      expect(deps.metricsPut).toEqual([{ name: 'Faults', value: 1, unit: 'Count', dimensions: { FaultCode: code } }]);
      expect(deps.counters.flushes).toBe(1);
    });

    test.each([
      ['the wrong count', 'ModelResponseCountMismatch', modelAnswer([0.1, 0.2])],
      ['non-JSON', 'ModelResponseNotJson', 'not json'],
      ['non-numeric scores', 'ModelResponseInvalidScore', '{"predictions":[{"score":null}]}'],
    ])('an answer with %s is 502 %s and counts that fault', async (_, code, body) => {
      const deps = fakeDependencies({ invokeModel: answeringModel(body) });
      const result = await run(deps, batch([validRecord()]));
      expect(result.statusCode).toBe(502);
      expect(responseBody<ErrorResponseBody>(result).error.code).toBe(code);
      expect(deps.metricsPut).toEqual([{ name: 'Faults', value: 1, unit: 'Count', dimensions: { FaultCode: code } }]);
    });

    test('logs the error name and status, never its message or the record', async () => {
      const deps = fakeDependencies({ invokeModel: async () => { throw modelError(); }, now: clockReading(7_000, 7_310) });
      await run(deps, batch([distinctiveRecord(), validRecord(1)]));
      expect(deps.logs).toEqual([{
        level: 'ERROR', apiRequestId: 'api-req-0001', message: 'model call failed', statusCode: 502, faultCode: 'ModelError',
        errorName: 'ModelError', originalStatusCode: 400, records: 2, elapsedMs: 310,
      }]);
      const logged = JSON.stringify([deps.logs, deps.metricsPut]);
      expect(logged).not.toContain('could not parse');
      expectNoCustomerData(logged);
    });

    test('a thrown non-Error answers 500 InternalError', async () => {
      const deps = fakeDependencies({ invokeModel: () => Promise.reject(undefined) });
      const result = await run(deps, batch([validRecord()]));
      expect(result.statusCode).toBe(500);
      expect(responseBody<ErrorResponseBody>(result).error.code).toBe('InternalError');
    });

    test('a failure outside the model call (here, the logger) still answers 500 InternalError and flushes metrics', async () => {
      const deps = fakeDependencies();
      const failing = { ...deps, logger: { ...deps.logger, info: () => { throw new Error('log sink closed'); } } };
      const result = await createPredictHandler(failing)(apiEvent(batch([validRecord()])), lambdaContext());
      expect(result.statusCode).toBe(500);
      expect(responseBody<ErrorResponseBody>(result).error).toEqual({ code: 'InternalError', message: 'The prediction could not be completed.' });
      expect(deps.metricsPut.at(-1)).toEqual({ name: 'Faults', value: 1, unit: 'Count', dimensions: { FaultCode: 'InternalError' } });
      expect(deps.counters.flushes).toBe(1);
    });
  });
});
