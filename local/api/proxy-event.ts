import type { APIGatewayProxyEvent } from 'aws-lambda';

/** The parts of an HTTP request a REST API proxy integration passes to the function. */
export interface ProxyRequest {
  /** API Gateway's id of the request (`requestContext.requestId`, the `x-amzn-RequestId` answer header). */
  readonly requestId: string;
  readonly method: string;
  /** The path the client asked for, including the stage, e.g. `/live/v1/predictions?x=1`. */
  readonly url: string;
  /** Header names and values in the order received, as Node's `rawHeaders` lists them. */
  readonly rawHeaders: readonly string[];
  /** The body as UTF-8 text; empty when none was sent. */
  readonly body: string;
  readonly sourceIp: string;
}

/** Where the request landed in the API: the stage and the resource that matched. */
export interface ProxyRoute {
  readonly stage: string;
  /** The matched resource, e.g. `/v1/predictions`. */
  readonly resourcePath: string;
  readonly apiId: string;
  readonly accountId: string;
}

function singleAndMulti(pairs: readonly (readonly [string, string])[]) {
  if (pairs.length === 0) return { single: null, multi: null };
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [name, value] of pairs) {
    single[name] = value; // the last value wins, as API Gateway does
    (multi[name] ??= []).push(value);
  }
  return { single, multi };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** API Gateway's `requestTime` format, e.g. `09/Apr/2015:12:34:56 +0000`. */
export function formatRequestTime(time: Date): string {
  const two = (value: number) => String(value).padStart(2, '0');
  return `${two(time.getUTCDate())}/${MONTHS[time.getUTCMonth()]}/${time.getUTCFullYear()}:`
    + `${two(time.getUTCHours())}:${two(time.getUTCMinutes())}:${two(time.getUTCSeconds())} +0000`;
}

function headerPairs(rawHeaders: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) pairs.push([rawHeaders[index], rawHeaders[index + 1]]);
  return pairs;
}

/**
 * The event API Gateway's REST API (Lambda proxy integration, payload 1.0) sends the function:
 * headers with their case as sent, single- and multi-value maps, query parameters, `path`
 * without the stage, `requestContext.path` with it, and the body as text (`null` when empty).
 */
export function buildProxyEvent(request: ProxyRequest, route: ProxyRoute, now: Date = new Date()): APIGatewayProxyEvent {
  const url = new URL(request.url, 'http://local');
  const headers = singleAndMulti(headerPairs(request.rawHeaders));
  const query = singleAndMulti([...url.searchParams.entries()]);
  const stagePrefix = `/${route.stage}`;
  const path = url.pathname.startsWith(`${stagePrefix}/`) ? url.pathname.slice(stagePrefix.length) : url.pathname;
  const headerValue = (name: string) => headerPairs(request.rawHeaders).reverse().find(([key]) => key.toLowerCase() === name)?.[1];
  return {
    resource: route.resourcePath,
    path,
    httpMethod: request.method,
    headers: headers.single ?? {},
    multiValueHeaders: headers.multi ?? {},
    queryStringParameters: query.single,
    multiValueQueryStringParameters: query.multi,
    pathParameters: null,
    stageVariables: null,
    body: request.body === '' ? null : request.body,
    isBase64Encoded: false,
    requestContext: {
      accountId: route.accountId,
      apiId: route.apiId,
      domainName: headerValue('host'),
      authorizer: null,
      protocol: 'HTTP/1.1',
      httpMethod: request.method,
      path: url.pathname,
      stage: route.stage,
      requestId: request.requestId,
      requestTime: formatRequestTime(now),
      requestTimeEpoch: now.getTime(),
      resourceId: 'local',
      resourcePath: route.resourcePath,
      identity: {
        accessKey: null, accountId: null, apiKey: null, apiKeyId: null, caller: null, clientCert: null,
        cognitoAuthenticationProvider: null, cognitoAuthenticationType: null, cognitoIdentityId: null,
        cognitoIdentityPoolId: null, principalOrgId: null, sourceIp: request.sourceIp, user: null,
        userAgent: headerValue('user-agent') ?? null, userArn: null,
      },
    },
  };
}
