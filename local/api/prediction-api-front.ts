import type { APIGatewayProxyResult } from 'aws-lambda';
import { randomUUID } from 'crypto';
import { createServer, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'http';
import { readRequestBody } from '../http/request-body';
import { listen, ListeningServer } from '../http/listening-server';
import type { ProxyHandler } from './handler-bundle';
import { buildLambdaContext, LocalFunctionIdentity } from './lambda-context';
import { buildProxyEvent, ProxyRoute } from './proxy-event';

/** The deployed API's stage and resource (lib/api/prediction-api.ts); a test keeps them in step. */
export const API_STAGE = 'live';
export const PREDICTIONS_RESOURCE = '/v1/predictions';
export const PREDICTIONS_PATH = `/${API_STAGE}${PREDICTIONS_RESOURCE}`;

/** API Gateway's largest request payload, 10 MB. */
export const API_MAX_BODY_BYTES = 10 * 1024 * 1024;
/** API Gateway's integration timeout for REST APIs. */
export const API_INTEGRATION_TIMEOUT_MILLIS = 29_000;
/** The function's timeout (PREDICT_FUNCTION_TIMEOUT in lib/api/predict-function.ts); a test keeps them in step. */
export const FUNCTION_TIMEOUT_MILLIS = 25_000;
/** The function's memory as deployed (lib/api/predict-function.ts); only reported in the context. */
export const FUNCTION_MEMORY_MB = 512;

/** One line of the local access log. */
export interface AccessLogEntry {
  /** API Gateway's request id (the `x-amzn-RequestId` answer header). */
  readonly requestId: string;
  /** The function's request id (`context.awsRequestId`, in its log lines), when the function was called. */
  readonly functionRequestId?: string;
  readonly method: string;
  readonly path: string;
  readonly statusCode: number;
  readonly latencyMillis: number;
}

export interface PredictionApiFrontOptions {
  /** The function behind `POST /live/v1/predictions`. */
  readonly handler: ProxyHandler;
  /**
   * Port to listen on.
   * @default 0 - a free port chosen by the system
   */
  readonly port?: number;
  /**
   * Interface to listen on.
   * @default '127.0.0.1' - this machine only
   */
  readonly host?: string;
  /**
   * Time the function may run before it is treated as timed out (502, as API Gateway answers a failed function).
   * @default 25000 - the deployed function's timeout
   */
  readonly functionTimeoutMillis?: number;
  /**
   * Time after which the API gives up waiting (504).
   * @default 29000 - API Gateway's integration timeout
   */
  readonly integrationTimeoutMillis?: number;
  /**
   * The function's name in the Lambda context.
   * @default 'churn-prediction-local'
   */
  readonly functionName?: string;
  /**
   * Region named in the context's function ARN.
   * @default 'us-east-1'
   */
  readonly region?: string;
  /**
   * Receives one entry per request answered (no body, no headers).
   * @default - nothing is logged
   */
  readonly accessLog?: (entry: AccessLogEntry) => void;
}

interface FrontAnswer {
  readonly statusCode: number;
  readonly headers: OutgoingHttpHeaders;
  readonly body: Buffer;
}

const LOCAL_ACCOUNT_ID = '000000000000';

/**
 * The `error.code` the deployed API's gateway responses put in the error envelope, by response type
 * (lib/api/error-gateway-responses.ts); a test keeps them in step.
 */
export const GATEWAY_ERROR_CODES = {
  DEFAULT_4XX: 'RequestRejected',
  REQUEST_TOO_LARGE: 'RequestTooLarge',
  DEFAULT_5XX: 'GatewayError',
  INTEGRATION_TIMEOUT: 'GatewayTimeout',
} as const;

/** An answer of API Gateway itself, in the API's error envelope `{"error": {"code", "message"}}`. */
function gatewayError(
  statusCode: number, type: keyof typeof GATEWAY_ERROR_CODES, message: string, headers: OutgoingHttpHeaders = {},
): FrontAnswer {
  const body = JSON.stringify({ error: { code: GATEWAY_ERROR_CODES[type], message } });
  return { statusCode, headers: { 'Content-Type': 'application/json', ...headers }, body: Buffer.from(body) };
}

/** What API Gateway answers when the function fails, times out or returns a malformed result. */
const INTERNAL_SERVER_ERROR = () => gatewayError(502, 'DEFAULT_5XX', 'Internal server error');

function isProxyResult(value: unknown): value is APIGatewayProxyResult {
  const result = value as APIGatewayProxyResult | null;
  return typeof result === 'object' && result !== null && Number.isInteger(result.statusCode)
    && result.statusCode >= 100 && result.statusCode <= 599
    && (result.body === undefined || typeof result.body === 'string');
}

/** The HTTP answer API Gateway makes of a proxy result: single- and multi-value headers, base64 bodies decoded. */
function fromProxyResult(result: APIGatewayProxyResult): FrontAnswer {
  const headers: OutgoingHttpHeaders = { 'Content-Type': 'application/json' };
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) headers[name] = values.map(String);
  const body = Buffer.from(result.body ?? '', result.isBase64Encoded === true ? 'base64' : 'utf8');
  return { statusCode: result.statusCode, headers, body };
}

type Outcome = { readonly kind: 'result'; readonly value: unknown } | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'function-timeout' } | { readonly kind: 'integration-timeout' };

/** Runs the handler against the function and integration timeouts, whichever comes first. */
async function invokeWithin(run: () => Promise<unknown>, functionTimeoutMillis: number, integrationTimeoutMillis: number): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const functionTimesOutFirst = functionTimeoutMillis < integrationTimeoutMillis;
  const timeout = new Promise<Outcome>((resolve) => {
    timer = setTimeout(
      () => resolve({ kind: functionTimesOutFirst ? 'function-timeout' : 'integration-timeout' }),
      Math.min(functionTimeoutMillis, integrationTimeoutMillis),
    );
  });
  const invocation = run().then(
    (value): Outcome => ({ kind: 'result', value }),
    (error: unknown): Outcome => ({ kind: 'error', error }),
  );
  try {
    return await Promise.race([invocation, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Starts a local HTTP front for the prediction function that behaves like the deployed REST API
 * with its Lambda proxy integration: `POST /live/v1/predictions` becomes an API Gateway proxy event
 * and a Lambda context, the result becomes the HTTP answer, and function failures, timeouts and
 * malformed results answer as the deployed API does, in its error envelope (502 `GatewayError`,
 * 504 `GatewayTimeout`), as does a body over 10 MB (413 `RequestTooLarge`).
 *
 * Not emulated: IAM (SigV4) authorization, API keys, stage throttling and API Gateway's request-model
 * check (the function's own validation answers every bad body). Other routes answer 404 and other
 * methods 405 here (`RequestRejected`), where the deployed API answers 403 `AccessDenied`
 * "Missing Authentication Token".
 */
export async function startPredictionApiFront(options: PredictionApiFrontOptions): Promise<ListeningServer> {
  const functionTimeoutMillis = options.functionTimeoutMillis ?? FUNCTION_TIMEOUT_MILLIS;
  const integrationTimeoutMillis = options.integrationTimeoutMillis ?? API_INTEGRATION_TIMEOUT_MILLIS;
  const region = options.region ?? 'us-east-1';
  const identity: LocalFunctionIdentity = {
    functionName: options.functionName ?? 'churn-prediction-local',
    memoryLimitInMB: FUNCTION_MEMORY_MB,
    region,
    accountId: LOCAL_ACCOUNT_ID,
  };
  const route: ProxyRoute = { stage: API_STAGE, resourcePath: PREDICTIONS_RESOURCE, apiId: 'local', accountId: LOCAL_ACCOUNT_ID };

  async function answer(request: IncomingMessage, requestId: string, called: (functionRequestId: string) => void): Promise<FrontAnswer> {
    const pathname = new URL(request.url ?? '/', 'http://local').pathname;
    if (pathname !== PREDICTIONS_PATH) {
      return gatewayError(404, 'DEFAULT_4XX', `Not found: the local API serves POST ${PREDICTIONS_PATH}`);
    }
    if (request.method !== 'POST') {
      return gatewayError(405, 'DEFAULT_4XX', `Method ${request.method} not allowed: use POST ${PREDICTIONS_PATH}`, { Allow: 'POST' });
    }
    const body = await readRequestBody(request, API_MAX_BODY_BYTES);
    if (!body.ok) return gatewayError(413, 'REQUEST_TOO_LARGE', 'Request Too Long');
    const event = buildProxyEvent({
      requestId,
      method: 'POST',
      url: request.url ?? PREDICTIONS_PATH,
      rawHeaders: request.rawHeaders,
      body: body.body.toString('utf8'),
      sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
    }, route);
    const context = buildLambdaContext(identity, Date.now() + functionTimeoutMillis);
    called(context.awsRequestId);
    const outcome = await invokeWithin(() => options.handler(event, context), functionTimeoutMillis, integrationTimeoutMillis);
    switch (outcome.kind) {
      case 'result':
        if (isProxyResult(outcome.value)) return fromProxyResult(outcome.value);
        process.stderr.write(`local API: request ${requestId}: the function returned a malformed proxy result\n`);
        return INTERNAL_SERVER_ERROR();
      case 'error':
        process.stderr.write(`local API: request ${requestId}: the function failed: ${(outcome.error as Error)?.stack ?? String(outcome.error)}\n`);
        return INTERNAL_SERVER_ERROR();
      case 'function-timeout':
        process.stderr.write(`local API: request ${requestId}: the function timed out after ${functionTimeoutMillis} ms\n`);
        return INTERNAL_SERVER_ERROR();
      case 'integration-timeout':
        return gatewayError(504, 'INTEGRATION_TIMEOUT', 'Endpoint request timed out');
    }
  }

  function respond(request: IncomingMessage, response: ServerResponse): void {
    const started = performance.now();
    const requestId = randomUUID();
    let functionRequestId: string | undefined;
    answer(request, requestId, (id) => { functionRequestId = id; }).then((reply) => {
      response.writeHead(reply.statusCode, { ...reply.headers, 'Content-Length': reply.body.length, 'x-amzn-RequestId': requestId });
      response.end(reply.body);
      options.accessLog?.({
        requestId, functionRequestId, method: request.method ?? '', path: request.url ?? '', statusCode: reply.statusCode,
        latencyMillis: performance.now() - started,
      });
    }, (error: unknown) => {
      process.stderr.write(`local API: ${(error as Error)?.stack ?? String(error)}\n`);
      response.destroy();
    });
  }

  const server = createServer(respond);
  return listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
}
