import { APIGatewayClient, GetApiKeyCommand, GetResourcesCommand, Method } from '@aws-sdk/client-api-gateway';

/** How the deployed API authenticates callers of `POST /v1/predictions`. */
export interface ApiAuth {
  /** Requests must be signed with SigV4 for `execute-api` (IAM authorization). */
  readonly sigV4: boolean;
  /** Requests must carry this API key in `x-api-key`. */
  readonly apiKey?: { readonly id: string; readonly value: string };
}

/** `SigV4 (IAM)`, `API key abc123 (x-api-key)`, or both joined by "and". */
export function describeApiAuth(auth: ApiAuth): string {
  const modes = [
    ...(auth.apiKey === undefined ? [] : [`API key ${auth.apiKey.id} (x-api-key)`]),
    ...(auth.sigV4 ? ['SigV4 (IAM)'] : []),
  ];
  return modes.join(' and ');
}

/**
 * Where a REST API's method lives, read from its invoke URL
 * `https://{restapi_id}.execute-api.{region}.amazonaws.com/{stage_name}/{path}` (API Gateway
 * developer guide, "Invoke REST APIs in API Gateway", how-to-call-api; `.com.cn` in China).
 */
export function restApiMethodLocation(url: string): { readonly restApiId: string; readonly resourcePath: string } {
  const target = new URL(url);
  const host = /^([a-z0-9]+)\.execute-api\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/.exec(target.hostname);
  const segments = target.pathname.split('/').filter((segment) => segment !== '');
  if (host === null || segments.length < 2) throw new Error(`${url} is not an API Gateway invoke URL (https://{api}.execute-api.{region}.amazonaws.com/{stage}/{path})`);
  return { restApiId: host[1], resourcePath: `/${segments.slice(1).join('/')}` };
}

/** The deployed API's POST method at a path (GetResources with its methods embedded, every page). */
async function postMethodAt(apiGateway: APIGatewayClient, restApiId: string, resourcePath: string): Promise<Method> {
  let position: string | undefined;
  do {
    const page = await apiGateway.send(new GetResourcesCommand({ restApiId, embed: ['methods'], limit: 500, position }));
    const resource = (page.items ?? []).find((item) => item.path === resourcePath);
    if (resource !== undefined) {
      const method = resource.resourceMethods?.POST;
      if (method === undefined) throw new Error(`the API ${restApiId} has no POST method on ${resourcePath}`);
      return method;
    }
    position = page.position;
  } while (position !== undefined);
  throw new Error(`the API ${restApiId} has no resource ${resourcePath}`);
}

/**
 * How to call a deployed stage, from its stack outputs. Without `ApiKeyId` the API takes SigV4
 * only (the construct refuses an API with neither IAM nor keys), and nothing is asked of API
 * Gateway. With `ApiKeyId`, the key's value is read (GetApiKey, includeValue) and the POST method's
 * authorization type tells whether SigV4 is needed too (`AWS_IAM`). Throws on what it cannot tell.
 */
export async function detectApiAuth(apiGateway: APIGatewayClient, outputs: Readonly<Record<string, string>>): Promise<ApiAuth> {
  const keyId = outputs.ApiKeyId;
  if (keyId === undefined || keyId === '') return { sigV4: true };
  const key = await apiGateway.send(new GetApiKeyCommand({ apiKey: keyId, includeValue: true }));
  if (key.value === undefined || key.value === '') throw new Error(`API key ${keyId} came back without its value`);
  if (key.enabled === false) throw new Error(`API key ${keyId} is disabled`);
  const predictionsUrl = outputs.PredictionsUrl;
  if (predictionsUrl === undefined || predictionsUrl === '') throw new Error('the stack has no PredictionsUrl output');
  const { restApiId, resourcePath } = restApiMethodLocation(predictionsUrl);
  const method = await postMethodAt(apiGateway, restApiId, resourcePath);
  return { sigV4: method.authorizationType === 'AWS_IAM', apiKey: { id: keyId, value: key.value } };
}
