import { MalformedKind, MalformedModelResponseError } from './model-response';

/** How a failed model call is answered: a bounded, honest 5xx with a stable code. */
export interface UpstreamFault {
  readonly statusCode: 500 | 502 | 503 | 504;
  readonly code: string;
  readonly message: string;
  /** Seconds the caller should wait before retrying, when a retry can help. */
  readonly retryAfterSeconds?: number;
}

interface ErrorLike {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

const BY_ERROR_NAME: Record<string, UpstreamFault> = {
  ThrottlingException: {
    statusCode: 503, code: 'ModelThrottled', message: 'The model endpoint is throttling requests.', retryAfterSeconds: 1,
  },
  ModelNotReadyException: {
    statusCode: 503, code: 'ModelNotReady', message: 'The model is not ready to serve yet.', retryAfterSeconds: 5,
  },
  ServiceUnavailable: {
    statusCode: 503, code: 'EndpointUnavailable', message: 'The model endpoint is unavailable.', retryAfterSeconds: 2,
  },
  ModelError: {
    statusCode: 502, code: 'ModelError', message: 'The model failed to score the request.',
  },
  ValidationError: {
    statusCode: 502, code: 'EndpointRejectedRequest', message: 'The model endpoint rejected the request.',
  },
  InternalFailure: {
    statusCode: 502, code: 'EndpointInternalFailure', message: 'The model endpoint failed.', retryAfterSeconds: 1,
  },
  InternalDependencyException: {
    statusCode: 502, code: 'EndpointInternalFailure', message: 'The model endpoint failed.', retryAfterSeconds: 1,
  },
  AbortError: {
    statusCode: 504, code: 'ModelTimeout', message: 'The model did not answer in time.', retryAfterSeconds: 1,
  },
};

const MALFORMED: Record<MalformedKind, UpstreamFault> = {
  Empty: { statusCode: 502, code: 'ModelResponseEmpty', message: 'The model answered with an empty body.' },
  NotJson: { statusCode: 502, code: 'ModelResponseNotJson', message: 'The model answered with something that is not JSON.' },
  UnexpectedShape: { statusCode: 502, code: 'ModelResponseUnexpectedShape', message: 'The model answer has an unexpected shape.' },
  CountMismatch: { statusCode: 502, code: 'ModelResponseCountMismatch', message: 'The model returned the wrong number of scores.' },
  InvalidScore: { statusCode: 502, code: 'ModelResponseInvalidScore', message: 'The model returned a score that is not a probability.' },
};

const TIMEOUT: UpstreamFault = BY_ERROR_NAME.AbortError;
const CONNECTION_FAILED: UpstreamFault = {
  statusCode: 502, code: 'ModelConnectionFailed', message: 'The connection to the model endpoint failed.', retryAfterSeconds: 1,
};

/**
 * Maps an error from the model call to the answer the caller gets. The error's own message is
 * never passed on: a model error can echo the request.
 */
export function classifyUpstreamFault(error: unknown): UpstreamFault {
  if (error instanceof MalformedModelResponseError) return MALFORMED[error.kind];
  const { name, code, $metadata } = (error ?? {}) as ErrorLike;
  // The Node HTTP handler renames socket resets to TimeoutError but keeps the errno code.
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNREFUSED') return CONNECTION_FAILED;
  if (name === 'TimeoutError' || code === 'ETIMEDOUT') return TIMEOUT;
  if (typeof name === 'string' && Object.hasOwn(BY_ERROR_NAME, name)) return BY_ERROR_NAME[name];
  const status = $metadata?.httpStatusCode;
  if (status === 429) return BY_ERROR_NAME.ThrottlingException;
  if (status !== undefined && status >= 500) return BY_ERROR_NAME.InternalFailure;
  return { statusCode: 500, code: 'InternalError', message: 'The prediction could not be completed.' };
}
