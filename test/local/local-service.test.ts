import * as path from 'path';
import { modelVersionOfArchive } from '../../lib/model/model-identity';
import { LocalService, startLocalService } from '../../local/local-service';
import { GOLDEN, GOLDEN_TOLERANCE, maxAbsDifference } from './support';

interface PredictionsBody {
  modelVersion: string;
  predictions: { customerId?: string; churnProbability: number; riskLevel: string; recommendedAction: string }[];
}

/** The version the stack reports for the bundled model. */
const BUNDLED_MODEL_VERSION = modelVersionOfArchive(path.join(__dirname, '..', '..', 'model', 'bundled', 'model.tar.gz'));

/**
 * Captures what the function writes: Powertools Logger's JSON lines (INFO on stdout, ERROR on
 * stderr, as in Lambda both reach CloudWatch) and the EMF metrics on stdout.
 */
function captureOutput() {
  const chunks: string[] = [];
  const record = (chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk));
    return true;
  };
  const spies = [jest.spyOn(process.stdout, 'write').mockImplementation(record), jest.spyOn(process.stderr, 'write').mockImplementation(record)];
  return {
    text: () => chunks.join(''),
    lines: () => chunks.join('').split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>),
    restore: () => spies.forEach((spy) => spy.mockRestore()),
  };
}

const BATCH_SIZE = 100;

describe('npm start\'s local service: the real handler bundle, the API front and the SageMaker stand-in', () => {
  let service: LocalService;
  let output: ReturnType<typeof captureOutput>;
  const environmentBefore = { ...process.env };

  beforeAll(async () => {
    service = await startLocalService();
  });

  afterAll(async () => {
    await service.close();
  });

  beforeEach(() => {
    output = captureOutput();
  });

  afterEach(() => output.restore());

  const postJson = (body: unknown) => fetch(service.predictionsUrl, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });

  test('both servers listen on ephemeral ports of 127.0.0.1', () => {
    expect(service.predictionsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/live\/v1\/predictions$/);
    expect(service.runtimeUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(service.invocationsUrl).toBe(`${service.runtimeUrl}/endpoints/churn-prediction-local/invocations`);
  });

  test(`all ${GOLDEN.length} golden records, in batches of ${BATCH_SIZE}, get golden.json's probabilities within ${GOLDEN_TOLERANCE}`, async () => {
    const probabilities: number[] = [];
    for (let start = 0; start < GOLDEN.length; start += BATCH_SIZE) {
      const records = GOLDEN.slice(start, start + BATCH_SIZE).map(({ record }) => record);
      const response = await postJson({ records });
      expect(response.status).toBe(200);
      const body = (await response.json()) as PredictionsBody;
      expect(body.predictions).toHaveLength(records.length);
      probabilities.push(...body.predictions.map(({ churnProbability }) => churnProbability));
    }

    expect(maxAbsDifference(probabilities, GOLDEN.map(({ churnProbability }) => churnProbability))).toBeLessThanOrEqual(GOLDEN_TOLERANCE);
  });

  test('two records, one with a customer id (the deploy guide\'s curl, docs/OPERATIONS.md): the model version, and per record in order the id, golden probability, risk level and action', async () => {
    const response = await postJson({ records: [{ customerId: 'C-1001', ...GOLDEN[0].record }, GOLDEN[1].record] });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const body = (await response.json()) as PredictionsBody;
    expect(body.modelVersion).toBe(BUNDLED_MODEL_VERSION);
    expect(body.modelVersion).toMatch(/^sha256-[0-9a-f]{16}$/);
    expect(body.predictions).toEqual([
      { customerId: 'C-1001', churnProbability: expect.any(Number), riskLevel: 'low', recommendedAction: 'none' },
      { churnProbability: expect.any(Number), riskLevel: 'high', recommendedAction: 'retention-offer' },
    ]);
    expect(maxAbsDifference(body.predictions.map(({ churnProbability }) => churnProbability), [GOLDEN[0].churnProbability, GOLDEN[1].churnProbability]))
      .toBeLessThanOrEqual(GOLDEN_TOLERANCE);
  });

  test('targetVariant: the endpoint\'s variant is scored on; another name is refused, naming the field', async () => {
    const served = await postJson({ records: [GOLDEN[1].record], targetVariant: 'AllTraffic' });
    expect(served.status).toBe(200);
    expect(output.lines().find((line) => line.message === 'scored')).toMatchObject({ targetVariant: 'AllTraffic', invokedVariant: 'AllTraffic' });

    const refused = await postJson({ records: [GOLDEN[1].record], targetVariant: 'Challenger' });
    expect(refused.status).toBe(400);
    const { error } = (await refused.json()) as { error: { code: string; details: { field: string }[] } };
    expect(error.code).toBe('InvalidRequest');
    expect(error.details.map(({ field }) => field)).toEqual(['targetVariant']);
  });

  test('the function logs one Powertools line per request under its own and the API\'s request ids, with no field value or customer id', async () => {
    const response = await postJson({ records: [{ customerId: 'C-LOGCHECK-7', ...GOLDEN[0].record, totalDayMinutes: 123.456 }] });
    expect(response.status).toBe(200);
    expect(((await response.json()) as PredictionsBody).predictions[0].customerId).toBe('C-LOGCHECK-7');
    const logged = output.lines().filter((line) => typeof line.message === 'string');
    expect(logged).toEqual([expect.objectContaining({
      level: 'INFO', message: 'scored', service: 'PredictFunction', statusCode: 200, records: 1,
      timestamp: expect.any(String), cold_start: expect.any(Boolean), function_name: 'churn-prediction-local',
      function_request_id: expect.stringMatching(/^[0-9a-f-]{36}$/), apiRequestId: response.headers.get('x-amzn-requestid'),
    })]);
    expect(logged[0].function_request_id).not.toBe(logged[0].apiRequestId);
    expect(output.text()).not.toContain('123.456');
    expect(output.text()).not.toContain('C-LOGCHECK-7');
  });

  test('an invalid record: 400 from the real validator, naming the field by its place in the batch; the log line names neither', async () => {
    const response = await postJson({ records: [GOLDEN[0].record, { ...GOLDEN[1].record, accountLength: -1 }] });

    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: string; details: { field: string }[] } };
    expect(error.code).toBe('InvalidRequest');
    expect(error.details.map(({ field }) => field)).toEqual(['records[1].accountLength']);
    const rejected = output.lines().filter((line) => line.message === 'request rejected');
    expect(rejected).toEqual([expect.objectContaining({ level: 'INFO', statusCode: 400, problems: 1 })]);
    expect(output.text()).not.toContain('accountLength');
  });

  test('a single record not wrapped in {"records": [...]}: 400, as the contract has no single-record form', async () => {
    const response = await postJson(GOLDEN[0].record);

    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('InvalidRequest');
  });

  test('the function reaches the stand-in through AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME, with dummy credentials', () => {
    expect(process.env.AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME).toBe(service.runtimeUrl);
    expect(process.env.ENDPOINT_NAME).toBe(service.endpointName);
    expect(process.env.AWS_ACCESS_KEY_ID).toBe('LOCALSTANDINKEY');
    expect(process.env.AWS_SESSION_TOKEN).toBeUndefined();
  });

  test('a second local service in the same process is refused while this one runs', async () => {
    await expect(startLocalService()).rejects.toThrow('A local service is already running in this process; close it first.');
  });

  test('after close(), the environment is restored and a new service starts with a fresh handler on new ports', async () => {
    const firstRuntimeUrl = service.runtimeUrl;
    await service.close();
    for (const name of ['AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME', 'ENDPOINT_NAME', 'MODEL_VERSION', 'ALLOWED_VARIANTS', 'AWS_ACCESS_KEY_ID', 'AWS_REGION', 'AWS_LAMBDA_INITIALIZATION_TYPE']) {
      expect(process.env[name]).toBe(environmentBefore[name]);
    }

    service = await startLocalService({ endpointName: 'second-endpoint', environment: { MAX_RECORDS: '1' } });
    expect(service.runtimeUrl).not.toBe(firstRuntimeUrl);
    const single = await postJson({ records: [GOLDEN[0].record] });
    expect(single.status).toBe(200);
    // A fresh execution environment: its first invocation is the cold start, in the log line and the ColdStart metric.
    expect(output.lines().find((line) => line.message === 'scored')).toMatchObject({ cold_start: true });
    expect(output.lines().filter((line) => 'ColdStart' in line)).toHaveLength(1);
    // The fresh module read MAX_RECORDS=1: a batch of two is now refused.
    const pair = await postJson({ records: [GOLDEN[0].record, GOLDEN[1].record] });
    expect(pair.status).toBe(400);
    expect(output.lines().find((line) => line.message === 'request rejected')).toMatchObject({ cold_start: false });
    expect(output.lines().filter((line) => 'ColdStart' in line)).toHaveLength(1);
  });

  test('a model that fails in the container: the real SDK gets ModelError and the function answers 502 ModelError', async () => {
    await service.close();
    service = await startLocalService({
      model: { predictProbabilities: () => { throw new RangeError('feature shape mismatch, row 84,1,0'); } },
    });

    const response = await postJson({ records: [GOLDEN[0].record] });

    expect(response.status).toBe(502);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'ModelError', message: 'The model failed to score the request.' } });
    expect(text).not.toContain('84,1,0');
    expect(output.lines().find((line) => line.message === 'model call failed')).toMatchObject({
      level: 'ERROR', statusCode: 502, faultCode: 'ModelError', errorName: 'ModelError', originalStatusCode: 400,
    });
  });
});
