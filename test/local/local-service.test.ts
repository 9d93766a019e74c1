import { LocalService, startLocalService } from '../../local/local-service';
import { GOLDEN, GOLDEN_TOLERANCE, maxAbsDifference } from './support';

interface PredictionsBody {
  predictions: { churnProbability: number; riskLevel: string }[];
}

/** Captures what the function writes to stdout (its JSON log lines and EMF metrics). */
function captureStdout() {
  const chunks: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk));
    return true;
  });
  return {
    lines: () => chunks.join('').split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>),
    restore: () => spy.mockRestore(),
  };
}

const BATCH_SIZE = 100;

describe('npm start\'s local service: the real handler bundle, the API front and the SageMaker stand-in', () => {
  let service: LocalService;
  let stdout: ReturnType<typeof captureStdout>;
  const environmentBefore = { ...process.env };

  beforeAll(async () => {
    service = await startLocalService();
  });

  afterAll(async () => {
    await service.close();
  });

  beforeEach(() => {
    stdout = captureStdout();
  });

  afterEach(() => stdout.restore());

  const postJson = (body: unknown) => fetch(service.predictionsUrl, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });

  test('both servers listen on ephemeral ports of 127.0.0.1', () => {
    expect(service.predictionsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/predictions$/);
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
      probabilities.push(...body.predictions.map(({ churnProbability }) => churnProbability));
    }

    expect(maxAbsDifference(probabilities, GOLDEN.map(({ churnProbability }) => churnProbability))).toBeLessThanOrEqual(GOLDEN_TOLERANCE);
  });

  test('one record (the README\'s curl): its golden probability and risk level', async () => {
    const response = await postJson(GOLDEN[1].record);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const { predictions } = (await response.json()) as PredictionsBody;
    expect(predictions).toHaveLength(1);
    expect(Math.abs(predictions[0].churnProbability - GOLDEN[1].churnProbability)).toBeLessThanOrEqual(GOLDEN_TOLERANCE);
    expect(predictions[0].riskLevel).toBe('high');
  });

  test('the function logs one line per request under its own request id, with no field values', async () => {
    const response = await postJson({ ...GOLDEN[0].record, totalDayMinutes: 123.456 });
    expect(response.status).toBe(200);
    const scored = stdout.lines().filter((line) => line.message === 'scored');
    expect(scored).toEqual([expect.objectContaining({ level: 'INFO', statusCode: 200, records: 1, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) })]);
    expect(JSON.stringify(stdout.lines())).not.toContain('123.456');
  });

  test('an invalid record: 400 from the real validator, naming the field', async () => {
    const response = await postJson({ ...GOLDEN[0].record, accountLength: -1 });

    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: string; details: { field: string }[] } };
    expect(error.code).toBe('InvalidRequest');
    expect(error.details.map(({ field }) => field)).toEqual(['accountLength']);
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
    for (const name of ['AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME', 'ENDPOINT_NAME', 'AWS_ACCESS_KEY_ID', 'AWS_REGION']) {
      expect(process.env[name]).toBe(environmentBefore[name]);
    }

    service = await startLocalService({ endpointName: 'second-endpoint', environment: { MAX_RECORDS: '1' } });
    expect(service.runtimeUrl).not.toBe(firstRuntimeUrl);
    const single = await postJson(GOLDEN[0].record);
    expect(single.status).toBe(200);
    // The fresh module read MAX_RECORDS=1: a batch of two is now refused.
    const pair = await postJson({ records: [GOLDEN[0].record, GOLDEN[1].record] });
    expect(pair.status).toBe(400);
  });

  test('a model that fails in the container: the real SDK gets ModelError and the function answers 502 ModelError', async () => {
    await service.close();
    service = await startLocalService({
      model: { predictProbabilities: () => { throw new RangeError('feature shape mismatch, row 84,1,0'); } },
    });

    const response = await postJson(GOLDEN[0].record);

    expect(response.status).toBe(502);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'ModelError', message: 'The model failed to score the request.' } });
    expect(text).not.toContain('84,1,0');
    expect(stdout.lines().find((line) => line.message === 'model call failed')).toMatchObject({
      statusCode: 502, faultCode: 'ModelError', errorName: 'ModelError', originalStatusCode: 400,
    });
  });
});
