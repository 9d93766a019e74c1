import { createServer, IncomingMessage, ServerResponse } from 'http';
import { loadLocalModelPackage } from '../local-model-package';
import { readRequestBody } from '../http/request-body';
import { listen, ListeningServer } from '../http/listening-server';
import { awsError, HttpAnswer, runtimeAnswer, RuntimeIdentity, unknownEndpoint } from './runtime-api-answer';
import { answerInvocation, CONTAINER_MAX_BODY_BYTES, ContainerAnswer, RowScorer } from './xgboost-container-contract';

/** The endpoint name the local stand-in answers to unless told otherwise. */
export const DEFAULT_LOCAL_ENDPOINT_NAME = 'churn-prediction-local';

export interface SageMakerRuntimeStandInOptions {
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
   * The endpoint name InvokeEndpoint must use; other names get a `ValidationError`.
   * @default 'churn-prediction-local'
   */
  readonly endpointName?: string;
  /**
   * The model that scores the rows.
   * @default - the bundled churn model, read from model/bundled/model.tar.gz
   */
  readonly model?: RowScorer;
  /**
   * Region named in the ARNs and messages of errors.
   * @default 'us-east-1'
   */
  readonly region?: string;
}

/** A running stand-in: its base URL and InvokeEndpoint URL. */
export interface SageMakerRuntimeStandIn extends ListeningServer {
  readonly endpointName: string;
  /** `{url}/endpoints/{endpointName}/invocations` */
  readonly invocationsUrl: string;
}

/** The production variant's name (VARIANT_NAME in lib/endpoint/churn-model-endpoint.ts); a test keeps them in step. */
export const LOCAL_VARIANT_NAME = 'AllTraffic';
const INVOKE_ENDPOINT_PATH = /^\/endpoints\/([^/]+)\/invocations$/;

function send(response: ServerResponse, answer: HttpAnswer): void {
  response.writeHead(answer.statusCode, { ...answer.headers, 'Content-Length': Buffer.byteLength(answer.body) });
  response.end(answer.body);
}

function fromContainer(answer: ContainerAnswer): HttpAnswer {
  return { statusCode: answer.statusCode, headers: { 'Content-Type': answer.contentType }, body: answer.body };
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function notFound(method: string | undefined, pathname: string): HttpAnswer {
  return awsError(404, 'UnknownOperationException', {
    message: `No operation at ${method} ${pathname}: the stand-in serves POST /endpoints/{name}/invocations, POST /invocations and GET /ping.`,
  });
}

/**
 * Routes one request. The runtime API path answers as SageMaker's runtime does (errors wrapped
 * as `ModelError`); `/invocations` and `/ping` answer as the container itself does.
 */
async function route(request: IncomingMessage, model: RowScorer, identity: RuntimeIdentity): Promise<HttpAnswer> {
  const pathname = new URL(request.url ?? '/', 'http://stand-in').pathname;
  if (pathname === '/ping') {
    return request.method === 'GET' ? { statusCode: 200, headers: {}, body: '' } : notFound(request.method, pathname);
  }
  const invokeEndpoint = INVOKE_ENDPOINT_PATH.exec(pathname);
  if (request.method !== 'POST' || (invokeEndpoint === null && pathname !== '/invocations')) {
    return notFound(request.method, pathname);
  }
  const body = await readRequestBody(request, CONTAINER_MAX_BODY_BYTES);
  const container: ContainerAnswer = body.ok
    ? answerInvocation({ contentType: header(request, 'content-type'), accept: header(request, 'accept'), body: body.body }, model)
    : { statusCode: 413, contentType: 'text/plain; charset=utf-8', body: `The request body exceeds ${CONTAINER_MAX_BODY_BYTES} bytes.` };
  if (invokeEndpoint === null) return fromContainer(container);
  const requestedName = decodeURIComponent(invokeEndpoint[1]);
  return requestedName === identity.endpointName ? runtimeAnswer(container, identity) : unknownEndpoint(requestedName);
}

/**
 * Starts a local stand-in of the SageMaker runtime for one endpoint serving the
 * `sagemaker-xgboost:1.7-1` container. Point the AWS SDK at it with
 * `AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME={url}`. Request signatures are not checked.
 *
 * Routes: `POST /endpoints/{name}/invocations` (the runtime API), and the container's own
 * `POST /invocations` and `GET /ping`.
 */
export async function startSageMakerRuntimeStandIn(options: SageMakerRuntimeStandInOptions = {}): Promise<SageMakerRuntimeStandIn> {
  const model = options.model ?? loadLocalModelPackage().model;
  const identity: RuntimeIdentity = {
    endpointName: options.endpointName ?? DEFAULT_LOCAL_ENDPOINT_NAME,
    variantName: LOCAL_VARIANT_NAME,
    region: options.region ?? 'us-east-1',
  };
  const server = createServer((request, response) => {
    route(request, model, identity).then(
      (answer) => send(response, answer),
      (error: unknown) => {
        process.stderr.write(`sagemaker runtime stand-in: ${(error as Error).stack ?? String(error)}\n`);
        send(response, awsError(500, 'InternalFailure', { Message: 'The local stand-in failed; see its log.' }));
      },
    );
  });
  const listening = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  return {
    ...listening,
    endpointName: identity.endpointName,
    invocationsUrl: `${listening.url}/endpoints/${encodeURIComponent(identity.endpointName)}/invocations`,
  };
}
