import { APIGatewayClient, GetApiKeyCommand, GetResourcesCommand, UnauthorizedException } from '@aws-sdk/client-api-gateway';
import { CloudFormationClient, DescribeStacksCommand, DescribeStacksCommandOutput } from '@aws-sdk/client-cloudformation';
import {
  DescribeEndpointCommand, DescribeEndpointCommandOutput, DescribeEndpointConfigCommand, SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import * as path from 'path';
import { ApiAuth } from '../../scripts/api-auth';
import { CheckResult, formatReport, GoldenRecord, verifyDeployment, VerifyOptions } from '../../scripts/deployment-verifier';
import { JsonResponse, PostJson } from '../../scripts/signed-json-client';
import { HelpRequested, parseArguments, readGolden, USAGE } from '../../scripts/verify-deployment';

const GOLDEN = readGolden(path.join(__dirname, '..', '..', 'model', 'bundled', 'golden.json'));
const STACK = 'ChurnPrediction-Prod';
const URL = 'https://abc123.execute-api.eu-west-1.amazonaws.com/live/v1/predictions';
const DEPLOYED_CONFIG = 'ServiceModelEndpointEndpointConfig-NEW';

const cloudFormation = mockClient(CloudFormationClient);
const sageMaker = mockClient(SageMakerClient);
const apiGateway = mockClient(APIGatewayClient);
const OUTPUTS = { EndpointName: 'ServiceModelEndpoint-abc', EndpointConfigName: DEPLOYED_CONFIG, PredictionsUrl: URL };

function stackAnswer(status = 'UPDATE_COMPLETE', outputs: Record<string, string> = OUTPUTS): DescribeStacksCommandOutput {
  return {
    $metadata: {},
    Stacks: [{
      StackName: STACK, StackStatus: status as never, CreationTime: new Date(0),
      Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
    }],
  };
}

function endpointAnswer(overrides: Partial<DescribeEndpointCommandOutput> = {}): DescribeEndpointCommandOutput {
  return {
    $metadata: {},
    EndpointName: 'ServiceModelEndpoint-abc',
    EndpointArn: 'arn:aws:sagemaker:eu-west-1:111111111111:endpoint/servicemodelendpoint-abc',
    EndpointConfigName: DEPLOYED_CONFIG,
    EndpointStatus: 'InService',
    CreationTime: new Date(0),
    LastModifiedTime: new Date(0),
    ProductionVariants: [{ VariantName: 'AllTraffic', CurrentInstanceCount: 2, DesiredInstanceCount: 2 }],
    ...overrides,
  };
}

/** An API that answers with the golden probabilities, shifted by `offset`, and records the requests. */
function goldenApi(offset = 0) {
  const requests: Array<{ url: string; body: any }> = [];
  const byArea = (records: Array<Record<string, unknown>>) => records.map((record) => {
    const golden = GOLDEN.find((candidate) => JSON.stringify(candidate.record) === JSON.stringify(record))!;
    return { churnProbability: golden.churnProbability + offset, riskLevel: 'low', recommendedAction: 'none' };
  });
  const postJson = async (url: string, body: any): Promise<JsonResponse> => {
    requests.push({ url, body });
    return { status: 200, body: { modelVersion: 'sha256-0123456789abcdef', predictions: byArea(body.records) } };
  };
  return { postJson, requests };
}

const options: VerifyOptions = { stackName: STACK, golden: GOLDEN, tolerance: 1e-6, batchSize: 100 };
const byCheck = (results: CheckResult[]) => Object.fromEntries(results.map((result) => [result.check, result]));

beforeEach(() => {
  cloudFormation.reset();
  sageMaker.reset();
  apiGateway.reset();
  cloudFormation.on(DescribeStacksCommand, { StackName: STACK }).resolves(stackAnswer());
  sageMaker.on(DescribeEndpointCommand, { EndpointName: 'ServiceModelEndpoint-abc' }).resolves(endpointAnswer());
  sageMaker.on(DescribeEndpointConfigCommand, { EndpointConfigName: DEPLOYED_CONFIG }).resolves({
    $metadata: {}, EndpointConfigName: DEPLOYED_CONFIG, EndpointConfigArn: 'arn', CreationTime: new Date(0),
    ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'model' }],
  });
});

/** Runs the verifier; `clientsFor` records the auth mode each API client was made for. */
function verify(api: { postJson: PostJson } = goldenApi(), overrides: Partial<VerifyOptions> = {}, clientsFor: ApiAuth[] = []) {
  return verifyDeployment({
    cloudFormation: new CloudFormationClient({}),
    sageMaker: new SageMakerClient({}),
    apiGateway: new APIGatewayClient({}),
    apiClient: (auth) => {
      clientsFor.push(auth);
      return api.postJson;
    },
  }, { ...options, ...overrides });
}

describe('verifyDeployment', () => {
  test('a healthy deployment: every check passes, and 200 golden records are scored in two requests of 100', async () => {
    const api = goldenApi();
    const results = await verify(api);
    expect(results.map((result) => [result.check, result.ok])).toEqual([
      ['stack', true], ['endpoint status', true], ['endpoint configuration', true], ['endpoint variants', true], ['api auth', true], ['golden scores', true],
    ]);
    expect(GOLDEN).toHaveLength(200);
    expect(api.requests.map((request) => request.body.records.length)).toEqual([100, 100]);
    expect(api.requests[0].url).toBe(URL);
    expect(api.requests[0].body).toEqual({ records: GOLDEN.slice(0, 100).map((golden) => golden.record) });
    expect(byCheck(results)['golden scores'].detail).toBe('200 records scored within 0.000001 (largest difference 0)');
    expect(formatReport(results)).toEqual({ ok: true, text: expect.stringMatching(/\ndeployment verified$/) });
  });

  test('a silent rollback: InService, but on the previous configuration', async () => {
    sageMaker.on(DescribeEndpointCommand).resolves(endpointAnswer({ EndpointConfigName: 'ServiceModelEndpointEndpointConfig-OLD' }));
    const checks = byCheck(await verify());
    expect(checks['endpoint status'].ok).toBe(true);
    expect(checks['endpoint configuration']).toEqual({
      check: 'endpoint configuration', ok: false,
      detail: `serving ServiceModelEndpointEndpointConfig-OLD, but the stack deployed ${DEPLOYED_CONFIG}: SageMaker rolled the update back (or it is still in progress)`,
    });
  });

  test('an endpoint that is not in service reports its status and failure reason', async () => {
    sageMaker.on(DescribeEndpointCommand).resolves(endpointAnswer({ EndpointStatus: 'Failed', FailureReason: 'The primary container failed a ping health check.' }));
    expect(byCheck(await verify())['endpoint status']).toEqual({
      check: 'endpoint status', ok: false,
      detail: 'ServiceModelEndpoint-abc is Failed (failure reason: The primary container failed a ping health check.)',
    });
  });

  test('a stack whose last update rolled back fails, even if the endpoint looks fine', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves(stackAnswer('UPDATE_ROLLBACK_COMPLETE'));
    const checks = byCheck(await verify());
    expect(checks.stack.ok).toBe(false);
    expect(checks.stack.detail).toMatch(/UPDATE_ROLLBACK_COMPLETE \(not a settled create or update/);
  });

  test('a stack without the outputs fails and nothing is asked of SageMaker or the API', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves(stackAnswer('CREATE_COMPLETE', {}));
    const api = goldenApi();
    const results = await verify(api);
    expect(results).toEqual([{ check: 'stack', ok: false, detail: `${STACK} is CREATE_COMPLETE; outputs missing: EndpointName, EndpointConfigName, PredictionsUrl` }]);
    expect(sageMaker.calls()).toHaveLength(0);
    expect(api.requests).toHaveLength(0);
    expect(formatReport(results).ok).toBe(false);
  });

  test('variants that differ from the deployed configuration, or a variant without instances, fail', async () => {
    sageMaker.on(DescribeEndpointCommand).resolves(endpointAnswer({
      ProductionVariants: [{ VariantName: 'AllTraffic', CurrentInstanceCount: 0 }, { VariantName: 'Challenger', CurrentInstanceCount: 1 }],
    }));
    expect(byCheck(await verify())['endpoint variants']).toEqual({
      check: 'endpoint variants', ok: false,
      detail: 'live variants AllTraffic, Challenger differ from the configuration\'s AllTraffic; variant AllTraffic has no running instance',
    });
  });

  test('a serverless variant has no instances and is fine', async () => {
    sageMaker.on(DescribeEndpointCommand).resolves(endpointAnswer({
      ProductionVariants: [{ VariantName: 'AllTraffic', CurrentServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 } }],
    }));
    expect(byCheck(await verify())['endpoint variants'].ok).toBe(true);
  });

  test('scores are accepted within 1e-6 and refused beyond it', async () => {
    expect(byCheck(await verify(goldenApi(0.9e-6)))['golden scores'].ok).toBe(true);
    const off = byCheck(await verify(goldenApi(2e-6)))['golden scores'];
    expect(off.ok).toBe(false);
    expect(off.detail).toMatch(/^200 problem\(s\): record 0: got 0\.0260764\d*, expected 0\.026074402034282684; record 1: /);
  });

  test('an API that refuses the request fails the scores with its status and body', async () => {
    const postJson = async (): Promise<JsonResponse> => ({ status: 403, body: { message: 'Missing Authentication Token' } });
    const scores = byCheck(await verify({ postJson }))['golden scores'];
    expect(scores.ok).toBe(false);
    expect(scores.detail).toBe('2 problem(s): records 0-99: HTTP 403, {"message":"Missing Authentication Token"}; records 100-199: HTTP 403, {"message":"Missing Authentication Token"}');
  });

  test('a target variant is asked for in every request', async () => {
    const api = goldenApi();
    await verify(api, { targetVariant: 'Challenger', batchSize: 150 });
    expect(api.requests.map((request) => [request.body.targetVariant, request.body.records.length])).toEqual([['Challenger', 150], ['Challenger', 50]]);
  });
});

describe('verifyDeployment: the API is called in the stage\'s auth mode, read from the stack outputs', () => {
  const KEY_ID = 'k3y1d';
  const KEY_VALUE = 'SECRET-API-KEY-VALUE-0123456789';

  /** A stack with API keys on, its key, and its POST method authorized by `authorizationType`. */
  function apiKeyStage(authorizationType: 'AWS_IAM' | 'NONE') {
    cloudFormation.on(DescribeStacksCommand).resolves(stackAnswer('UPDATE_COMPLETE', { ...OUTPUTS, ApiKeyId: KEY_ID }));
    apiGateway.on(GetApiKeyCommand, { apiKey: KEY_ID, includeValue: true }).resolves({ id: KEY_ID, value: KEY_VALUE, enabled: true });
    apiGateway.on(GetResourcesCommand, { restApiId: 'abc123', embed: ['methods'] }).resolves({
      items: [
        { id: 'r0', path: '/' },
        { id: 'r1', path: '/v1', pathPart: 'v1' },
        { id: 'r2', path: '/v1/predictions', pathPart: 'predictions', resourceMethods: { POST: { httpMethod: 'POST', authorizationType, apiKeyRequired: true } } },
      ],
    });
  }

  test('IAM only (no ApiKeyId output): SigV4, and nothing is asked of API Gateway', async () => {
    const clientsFor: ApiAuth[] = [];
    const checks = byCheck(await verify(goldenApi(), {}, clientsFor));
    expect(clientsFor).toEqual([{ sigV4: true }]);
    expect(checks['api auth']).toEqual({ check: 'api auth', ok: true, detail: 'calling the API with SigV4 (IAM)' });
    expect(checks['golden scores'].ok).toBe(true);
    expect(apiGateway.calls()).toHaveLength(0);
  });

  test('API keys only: the key\'s value from GetApiKey (includeValue), no SigV4', async () => {
    apiKeyStage('NONE');
    const clientsFor: ApiAuth[] = [];
    const checks = byCheck(await verify(goldenApi(), {}, clientsFor));
    expect(clientsFor).toEqual([{ sigV4: false, apiKey: { id: KEY_ID, value: KEY_VALUE } }]);
    expect(checks['api auth'].detail).toBe(`calling the API with API key ${KEY_ID} (x-api-key)`);
    expect(checks['api auth'].detail).not.toContain(KEY_VALUE);
    expect(checks['golden scores'].ok).toBe(true);
  });

  test('API keys and IAM: both', async () => {
    apiKeyStage('AWS_IAM');
    const clientsFor: ApiAuth[] = [];
    const checks = byCheck(await verify(goldenApi(), {}, clientsFor));
    expect(clientsFor).toEqual([{ sigV4: true, apiKey: { id: KEY_ID, value: KEY_VALUE } }]);
    expect(checks['api auth'].detail).toBe(`calling the API with API key ${KEY_ID} (x-api-key) and SigV4 (IAM)`);
  });

  test('a key that cannot be read fails the auth check, and no request is scored', async () => {
    apiKeyStage('NONE');
    apiGateway.on(GetApiKeyCommand).rejects(new UnauthorizedException({ message: 'not authorized to GET /apikeys/k3y1d', $metadata: { httpStatusCode: 403 } }));
    const api = goldenApi();
    const results = await verify(api);
    expect(byCheck(results)['api auth']).toMatchObject({
      ok: false, detail: expect.stringMatching(/^cannot tell how to call the API \(UnauthorizedException: not authorized to GET \/apikeys\/k3y1d\); with API keys verify needs apigateway:GET/),
    });
    expect(byCheck(results)['golden scores']).toBeUndefined();
    expect(api.requests).toHaveLength(0);
    expect(formatReport(results).ok).toBe(false);
  });
});

describe('command line', () => {
  test('--stage names the stack; defaults: 1e-6, 100 per request, the bundled golden records', () => {
    expect(parseArguments(['--stage', 'Prod', '--region', 'eu-west-1'], {})).toEqual({
      stackName: 'ChurnPrediction-Prod', region: 'eu-west-1', tolerance: 1e-6, batchSize: 100,
      goldenFile: path.join(__dirname, '..', '..', 'model', 'bundled', 'golden.json'), targetVariant: undefined,
    });
    expect(parseArguments(['--stack-name', 'Mine', '--tolerance', '0.001', '--variant', 'B'], { AWS_REGION: 'us-east-1' }))
      .toMatchObject({ stackName: 'Mine', region: 'us-east-1', tolerance: 0.001, targetVariant: 'B' });
  });

  test('every problem of the command line is named at once', () => {
    expect(() => parseArguments(['--tolerance=-1', '--batch-size', '0'], {})).toThrow(
      'give --stage or --stack-name\ngive --region (or set AWS_REGION)\n--tolerance must be a number ≥ 0, got -1\n--batch-size must be a whole number ≥ 1, got 0',
    );
    expect(() => parseArguments(['--stage', 'Prod', '--stack-name', 'X', '--region', 'r'], {})).toThrow('give --stage or --stack-name, not both');
    expect(() => parseArguments(['--unknown'], {})).toThrow(/Unknown option '--unknown'/);
    expect(() => parseArguments(['--help'], {})).toThrow(HelpRequested);
    expect(() => parseArguments(['--stage', 'Prod', '--region', 'r', '--model', 'm', '--golden', 'g.json'], {})).toThrow('give --model or --golden, not both');
  });

  test('--model scores the golden records of that package: the check an archive only in S3 gets after deploy', () => {
    const args = parseArguments(['--stage', 'Prod', '--region', 'eu-west-1', '--model', 'examples/state-model'], {});
    expect(args.goldenFile).toBe(path.join('examples', 'state-model', 'golden.json'));
  });

  test('--help explains how the auth mode is chosen and what each mode needs', () => {
    expect(USAGE).toContain('no ApiKeyId output   SigV4-signed requests (IAM auth)');
    expect(USAGE).toContain('GetApiKey, includeValue) in x-api-key');
    expect(USAGE).toContain('apigateway:GET on /apikeys/<id> and /restapis/<id>/resources');
  });

  test('golden files without records are refused', () => {
    const golden: GoldenRecord[] = readGolden(path.join(__dirname, '..', '..', 'model', 'bundled', 'golden.json'));
    expect(golden[0]).toEqual(expect.objectContaining({ churnProbability: 0.026074402034282684 }));
    expect(() => readGolden(path.join(__dirname, '..', '..', 'model', 'bundled', 'contract.json'))).toThrow(/holds no golden records/);
  });
});
