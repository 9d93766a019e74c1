import {
  InternalDependencyException, InternalFailure, ModelError, ModelNotReadyException, ServiceUnavailable, ValidationError,
} from '@aws-sdk/client-sagemaker-runtime';
import { MalformedModelResponseError } from '../../lambda/predict/model-response';
import { classifyUpstreamFault, UpstreamFault } from '../../lambda/predict/upstream-fault';
import { statusOfErrorCode } from '../../contract/error-codes';

/** Text a failed model call may carry, e.g. a model error echoing the request. */
const SECRET = 'SECRET customer row 84,1,0,0,123.456';

function namedError(name: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(SECRET), { name }, extra);
}

function errnoError(code: string, name = 'Error'): Error {
  return namedError(name, { code, errno: -1, syscall: 'read' });
}

type Expected = Pick<UpstreamFault, 'statusCode' | 'code' | 'retryAfterSeconds'>;

const THROTTLED: Expected = { statusCode: 503, code: 'ModelThrottled', retryAfterSeconds: 1 };
const TIMEOUT: Expected = { statusCode: 504, code: 'ModelTimeout', retryAfterSeconds: 1 };
const CONNECTION_FAILED: Expected = { statusCode: 502, code: 'ModelConnectionFailed', retryAfterSeconds: 1 };
const ENDPOINT_FAILED: Expected = { statusCode: 502, code: 'EndpointInternalFailure', retryAfterSeconds: 1 };
const INTERNAL_ERROR: Expected = { statusCode: 500, code: 'InternalError', retryAfterSeconds: undefined };

const CASES: [string, unknown, Expected][] = [
  ['ThrottlingException (429)', namedError('ThrottlingException', { $metadata: { httpStatusCode: 429 } }), THROTTLED],
  ['ModelNotReadyException', new ModelNotReadyException({ message: SECRET, $metadata: {} }),
    { statusCode: 503, code: 'ModelNotReady', retryAfterSeconds: 5 }],
  ['ServiceUnavailable', new ServiceUnavailable({ message: SECRET, $metadata: {} }),
    { statusCode: 503, code: 'EndpointUnavailable', retryAfterSeconds: 2 }],
  ['ModelError', new ModelError({ message: SECRET, $metadata: {} }),
    { statusCode: 502, code: 'ModelError', retryAfterSeconds: undefined }],
  ['ModelError with the container status and message', new ModelError({
    message: SECRET, $metadata: { httpStatusCode: 424 }, OriginalStatusCode: 500, OriginalMessage: SECRET,
  }), { statusCode: 502, code: 'ModelError', retryAfterSeconds: undefined }],
  ['ValidationError', new ValidationError({ message: SECRET, $metadata: {} }),
    { statusCode: 502, code: 'EndpointRejectedRequest', retryAfterSeconds: undefined }],
  ['InternalFailure', new InternalFailure({ message: SECRET, $metadata: {} }), ENDPOINT_FAILED],
  ['InternalDependencyException', new InternalDependencyException({ message: SECRET, $metadata: {} }), ENDPOINT_FAILED],
  ['a TimeoutError (request timeout)', namedError('TimeoutError'), TIMEOUT],
  ['a TimeoutError DOMException (AbortSignal.timeout reason)', new DOMException(SECRET, 'TimeoutError'), TIMEOUT],
  ['an AbortError (the deadline aborted the call)', namedError('AbortError'), TIMEOUT],
  ['ETIMEDOUT', errnoError('ETIMEDOUT'), TIMEOUT],
  ['ECONNRESET', errnoError('ECONNRESET'), CONNECTION_FAILED],
  ['EPIPE', errnoError('EPIPE'), CONNECTION_FAILED],
  ['ECONNREFUSED', errnoError('ECONNREFUSED'), CONNECTION_FAILED],
  ['a socket reset renamed TimeoutError (errno code wins)', errnoError('ECONNRESET', 'TimeoutError'), CONNECTION_FAILED],
  ['a model answer that is not JSON', new MalformedModelResponseError('NotJson', SECRET),
    { statusCode: 502, code: 'ModelResponseNotJson', retryAfterSeconds: undefined }],
  ['a model answer of an unexpected shape', new MalformedModelResponseError('UnexpectedShape', SECRET),
    { statusCode: 502, code: 'ModelResponseUnexpectedShape', retryAfterSeconds: undefined }],
  ['a model answer with the wrong count', new MalformedModelResponseError('CountMismatch', SECRET),
    { statusCode: 502, code: 'ModelResponseCountMismatch', retryAfterSeconds: undefined }],
  ['a model answer with a non-numeric score', new MalformedModelResponseError('InvalidScore', SECRET),
    { statusCode: 502, code: 'ModelResponseInvalidScore', retryAfterSeconds: undefined }],
  ['an unknown error with HTTP 429', namedError('SlowDown', { $metadata: { httpStatusCode: 429 } }), THROTTLED],
  ['an unknown error with HTTP 500', namedError('SomethingBroke', { $metadata: { httpStatusCode: 500 } }), ENDPOINT_FAILED],
  ['an unknown error with HTTP 503', namedError('Unavailable', { $metadata: { httpStatusCode: 503 } }), ENDPOINT_FAILED],
  ['an unknown error with HTTP 403', namedError('AccessDeniedException', { $metadata: { httpStatusCode: 403 } }), INTERNAL_ERROR],
  ['an unknown error with no status', namedError('UnknownError', { $metadata: {} }), INTERNAL_ERROR],
  ['a plain Error', new Error(SECRET), INTERNAL_ERROR],
  ['a TypeError', new TypeError(SECRET), INTERNAL_ERROR],
  ['an error named like an Object member ("constructor")', namedError('constructor'), INTERNAL_ERROR],
  ['an error named like an Object member ("toString")', namedError('toString'), INTERNAL_ERROR],
  ['a thrown string', SECRET, INTERNAL_ERROR],
  ['undefined', undefined, INTERNAL_ERROR],
  ['null', null, INTERNAL_ERROR],
];

describe('classifyUpstreamFault', () => {
  test.each(CASES)('%s', (_, error, expected) => {
    const fault = classifyUpstreamFault(error);
    expect({ statusCode: fault.statusCode, code: fault.code, retryAfterSeconds: fault.retryAfterSeconds }).toEqual(expected);
    expect(Object.keys(fault).sort()).toEqual(
      expected.retryAfterSeconds === undefined ? ['code', 'message', 'statusCode'] : ['code', 'message', 'retryAfterSeconds', 'statusCode'],
    );
  });

  test.each(CASES)('the message for %s is our own, never the original', (_, error) => {
    const { message } = classifyUpstreamFault(error);
    expect(message).toMatch(/^The .+\.$/);
    expect(message).not.toContain('SECRET');
    expect(message).not.toContain('123.456');
  });

  test('the SDK error classes carry the names the classifier reads', () => {
    expect([
      new ModelError({ message: 'm', $metadata: {} }).name,
      new ModelNotReadyException({ message: 'm', $metadata: {} }).name,
      new ServiceUnavailable({ message: 'm', $metadata: {} }).name,
      new ValidationError({ message: 'm', $metadata: {} }).name,
      new InternalFailure({ message: 'm', $metadata: {} }).name,
      new InternalDependencyException({ message: 'm', $metadata: {} }).name,
    ]).toEqual(['ModelError', 'ModelNotReadyException', 'ServiceUnavailable', 'ValidationError', 'InternalFailure', 'InternalDependencyException']);
  });

  test('every fault is a 5xx', () => {
    for (const [, error] of CASES) expect([500, 502, 503, 504]).toContain(classifyUpstreamFault(error).statusCode);
  });

  test('every code is listed in the contract under its status', () => {
    for (const [, error] of CASES) {
      const fault = classifyUpstreamFault(error);
      expect([fault.code, statusOfErrorCode(fault.code)]).toEqual([fault.code, String(fault.statusCode)]);
    }
  });

  test('each kind of fault has its own code', () => {
    const kinds = ['throttling', 'not ready', 'unavailable', 'model error', 'rejected', 'endpoint failure', 'timeout', 'connection',
      'not JSON', 'shape', 'count', 'score'];
    const codes = new Set([
      'ThrottlingException', 'ModelNotReadyException', 'ServiceUnavailable', 'ModelError', 'ValidationError', 'InternalFailure', 'AbortError',
    ].map((name) => classifyUpstreamFault(namedError(name)).code));
    codes.add(classifyUpstreamFault(errnoError('ECONNRESET')).code);
    for (const kind of ['NotJson', 'UnexpectedShape', 'CountMismatch', 'InvalidScore'] as const) {
      codes.add(classifyUpstreamFault(new MalformedModelResponseError(kind, 'x')).code);
    }
    expect(codes.size).toBe(kinds.length);
  });
});
