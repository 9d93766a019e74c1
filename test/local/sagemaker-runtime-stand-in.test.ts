import { InvokeEndpointCommand, ModelError, SageMakerRuntimeClient, ValidationError } from '@aws-sdk/client-sagemaker-runtime';
import {
  DEFAULT_LOCAL_ENDPOINT_NAME, SageMakerRuntimeStandIn, startSageMakerRuntimeStandIn,
} from '../../local/sagemaker-runtime/sagemaker-runtime-stand-in';
import { CONTAINER_MAX_BODY_BYTES } from '../../local/sagemaker-runtime/xgboost-container-contract';
import { GOLDEN, GOLDEN_TOLERANCE, goldenCsvRow, maxAbsDifference } from './support';

// The pinned SDK warns once that later versions need Node 22; not this test's concern.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

describe('the SageMaker runtime stand-in over HTTP', () => {
  let standIn: SageMakerRuntimeStandIn;
  let client: SageMakerRuntimeClient;

  beforeAll(async () => {
    standIn = await startSageMakerRuntimeStandIn();
    client = new SageMakerRuntimeClient({
      endpoint: standIn.url, region: 'us-east-1', maxAttempts: 1,
      credentials: { accessKeyId: 'LOCALTEST', secretAccessKey: 'local' },
    });
  });

  afterAll(async () => {
    client.destroy();
    await standIn.close();
  });

  const invoke = (csv: string, extra: { ContentType?: string; Accept?: string; EndpointName?: string } = {}) => client.send(new InvokeEndpointCommand({
    EndpointName: DEFAULT_LOCAL_ENDPOINT_NAME, ContentType: 'text/csv', Accept: 'application/json', Body: new TextEncoder().encode(csv), ...extra,
  }));

  async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
    try {
      await promise;
    } catch (error) {
      return error as Error & Record<string, unknown>;
    }
    throw new Error('expected the call to fail');
  }

  test('listens on an ephemeral port of 127.0.0.1 and names its InvokeEndpoint URL', () => {
    expect(standIn.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(standIn.port).toBeGreaterThan(0);
    expect(standIn.invocationsUrl).toBe(`${standIn.url}/endpoints/${DEFAULT_LOCAL_ENDPOINT_NAME}/invocations`);
  });

  test('GET /ping answers 200, as the container\'s health check does', async () => {
    const response = await fetch(`${standIn.url}/ping`);
    expect(response.status).toBe(200);
  });

  describe('When the AWS SDK invokes the endpoint', () => {
    test('all golden records in one CSV body: one score per record, as xgboost 1.7.4 gave them', async () => {
      const csv = GOLDEN.map((_, index) => goldenCsvRow(index)).join('\n');
      const output = await invoke(csv);

      expect(output.ContentType).toBe('application/json');
      expect(output.InvokedProductionVariant).toBe('AllTraffic');
      const scores = (JSON.parse(new TextDecoder().decode(output.Body)) as { predictions: { score: number }[] }).predictions.map(({ score }) => score);
      expect(maxAbsDifference(scores, GOLDEN.map(({ churnProbability }) => churnProbability))).toBeLessThanOrEqual(GOLDEN_TOLERANCE);
    });

    test('a content type the container refuses: the SDK throws ModelError with OriginalStatusCode 415', async () => {
      const error = await rejection(invoke('{"a": 1}', { ContentType: 'application/json' }));

      expect(error).toBeInstanceOf(ModelError);
      expect(error).toMatchObject({ name: 'ModelError', OriginalStatusCode: 415, $metadata: { httpStatusCode: 424 } });
      expect(error.OriginalMessage).toMatch(/^Content-type application\/json is not supported/);
      expect(error.message).toMatch(/^Received client error \(415\) from primary with message/);
      expect(error.LogStreamArn).toBe(`arn:aws:logs:us-east-1:000000000000:log-group:/aws/sagemaker/Endpoints/${DEFAULT_LOCAL_ENDPOINT_NAME}`);
    });

    test('too many columns: ModelError with OriginalStatusCode 400', async () => {
      const error = await rejection(invoke(`${goldenCsvRow(0)},7`));
      expect(error).toMatchObject({ name: 'ModelError', OriginalStatusCode: 400 });
    });

    test('an Accept type the container refuses: ModelError with OriginalStatusCode 406', async () => {
      const error = await rejection(invoke(goldenCsvRow(0), { Accept: 'application/xml' }));
      expect(error).toMatchObject({ name: 'ModelError', OriginalStatusCode: 406 });
    });

    test('another endpoint name: ValidationError (400) naming it', async () => {
      const error = await rejection(invoke(goldenCsvRow(0), { EndpointName: 'someone-elses-endpoint' }));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ $metadata: { httpStatusCode: 400 } });
      expect(error.message).toBe('Endpoint someone-elses-endpoint of account 000000000000 not found.');
    });
  });

  describe('When the container path is called directly', () => {
    const post = (body: string, headers: Record<string, string> = {}) => fetch(`${standIn.url}/invocations`, {
      method: 'POST', headers: { 'Content-Type': 'text/csv', ...headers }, body,
    });

    test('POST /invocations answers with the container\'s own statuses: 200, 204, 400, 406, 415', async () => {
      const statuses = await Promise.all([
        post(goldenCsvRow(0)),
        post(''),
        post(`${goldenCsvRow(0)},7`),
        post(goldenCsvRow(0), { Accept: 'application/xml' }),
        post('{}', { 'Content-Type': 'application/json' }),
      ].map(async (response) => (await response).status));

      expect(statuses).toEqual([200, 204, 400, 406, 415]);
    });

    test('two rows, Accept text/csv (the default): two lines, one score each', async () => {
      const response = await post(`${goldenCsvRow(0)}\n${goldenCsvRow(1)}`);
      expect(response.headers.get('content-type')).toBe('text/csv');
      const scores = (await response.text()).split('\n').map(Number);
      expect(maxAbsDifference(scores, [GOLDEN[0].churnProbability, GOLDEN[1].churnProbability])).toBeLessThanOrEqual(GOLDEN_TOLERANCE);
    });

    test(`a body over the container's ${CONTAINER_MAX_BODY_BYTES} bytes: 413`, async () => {
      const response = await post('1'.repeat(CONTAINER_MAX_BODY_BYTES + 1));
      expect(response.status).toBe(413);
    });
  });

  test('an unknown route: 404 naming the routes served', async () => {
    const response = await fetch(`${standIn.url}/endpoints/${DEFAULT_LOCAL_ENDPOINT_NAME}/async-invocations`, { method: 'POST', body: '1' });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(await response.text()).toMatch(/serves POST \/endpoints\/\{name\}\/invocations, POST \/invocations and GET \/ping/);
  });

  test('with its own endpoint name and model: answers to that name and scores with that model', async () => {
    const other = await startSageMakerRuntimeStandIn({ endpointName: 'other', model: { predictProbabilities: (rows) => rows.map(() => 0.25) } });
    try {
      const response = await fetch(`${other.url}/endpoints/other/invocations`, {
        method: 'POST', headers: { 'Content-Type': 'text/csv', Accept: 'application/json' }, body: '1,2\n3,4',
      });
      expect(await response.json()).toEqual({ predictions: [{ score: 0.25 }, { score: 0.25 }] });
    } finally {
      await other.close();
    }
  });
});
