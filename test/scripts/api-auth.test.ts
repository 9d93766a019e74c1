import { APIGatewayClient, GetApiKeyCommand, GetResourcesCommand, Resource } from '@aws-sdk/client-api-gateway';
import { mockClient } from 'aws-sdk-client-mock';
import { describeApiAuth, detectApiAuth, restApiMethodLocation } from '../../scripts/api-auth';

const apiGateway = mockClient(APIGatewayClient);
const URL = 'https://abc123.execute-api.eu-west-1.amazonaws.com/live/v1/predictions';
const OUTPUTS = { PredictionsUrl: URL, ApiKeyId: 'k3y1d' };
const predictions = (authorizationType: string): Resource => ({
  id: 'r2', path: '/v1/predictions', resourceMethods: { POST: { httpMethod: 'POST', authorizationType, apiKeyRequired: true } },
});

const detect = (outputs: Record<string, string> = OUTPUTS) => detectApiAuth(new APIGatewayClient({}), outputs);

beforeEach(() => {
  apiGateway.reset();
  apiGateway.on(GetApiKeyCommand).resolves({ id: 'k3y1d', value: 'VALUE', enabled: true });
});

describe('restApiMethodLocation', () => {
  test('reads the API id and the resource path (the stage removed) from an invoke URL, China partition included', () => {
    expect(restApiMethodLocation(URL)).toEqual({ restApiId: 'abc123', resourcePath: '/v1/predictions' });
    expect(restApiMethodLocation('https://x1y2.execute-api.cn-north-1.amazonaws.com.cn/live/v1/predictions'))
      .toEqual({ restApiId: 'x1y2', resourcePath: '/v1/predictions' });
  });

  test('a custom domain or a URL without a path is refused', () => {
    expect(() => restApiMethodLocation('https://api.example.com/v1/predictions')).toThrow(/is not an API Gateway invoke URL/);
    expect(() => restApiMethodLocation('https://abc123.execute-api.eu-west-1.amazonaws.com/live')).toThrow(/is not an API Gateway invoke URL/);
  });
});

describe('detectApiAuth', () => {
  test('the POST method is found on a later page of resources', async () => {
    apiGateway.on(GetResourcesCommand, { restApiId: 'abc123' }).resolves({ items: [{ id: 'r0', path: '/' }], position: 'p2' });
    apiGateway.on(GetResourcesCommand, { restApiId: 'abc123', position: 'p2' }).resolves({ items: [predictions('AWS_IAM')] });
    expect(await detect()).toEqual({ sigV4: true, apiKey: { id: 'k3y1d', value: 'VALUE' } });
    expect(apiGateway.commandCalls(GetResourcesCommand)[0].args[0].input).toMatchObject({ embed: ['methods'], limit: 500 });
  });

  test('a method without IAM authorization needs no SigV4', async () => {
    apiGateway.on(GetResourcesCommand).resolves({ items: [predictions('NONE')] });
    expect(await detect()).toEqual({ sigV4: false, apiKey: { id: 'k3y1d', value: 'VALUE' } });
  });

  test.each([
    ['a key without its value', { id: 'k3y1d', enabled: true }, 'API key k3y1d came back without its value'],
    ['a disabled key', { id: 'k3y1d', value: 'VALUE', enabled: false }, 'API key k3y1d is disabled'],
  ])('%s is an error', async (_, answer, message) => {
    apiGateway.on(GetApiKeyCommand).resolves(answer);
    await expect(detect()).rejects.toThrow(message);
  });

  test('an API without the resource, or without POST on it, is an error', async () => {
    apiGateway.on(GetResourcesCommand).resolves({ items: [{ id: 'r0', path: '/' }] });
    await expect(detect()).rejects.toThrow('the API abc123 has no resource /v1/predictions');
    apiGateway.on(GetResourcesCommand).resolves({ items: [{ id: 'r2', path: '/v1/predictions', resourceMethods: { OPTIONS: {} } }] });
    await expect(detect()).rejects.toThrow('the API abc123 has no POST method on /v1/predictions');
  });

  test('ApiKeyId without PredictionsUrl is an error', async () => {
    await expect(detect({ ApiKeyId: 'k3y1d' })).rejects.toThrow('the stack has no PredictionsUrl output');
  });
});

describe('describeApiAuth', () => {
  test('names each mode, never the key\'s value', () => {
    expect(describeApiAuth({ sigV4: true })).toBe('SigV4 (IAM)');
    expect(describeApiAuth({ sigV4: false, apiKey: { id: 'k', value: 'SECRET' } })).toBe('API key k (x-api-key)');
    expect(describeApiAuth({ sigV4: true, apiKey: { id: 'k', value: 'SECRET' } })).toBe('API key k (x-api-key) and SigV4 (IAM)');
  });
});
