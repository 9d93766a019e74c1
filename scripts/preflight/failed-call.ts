import { failed, PreflightResult } from './preflight-result';

/** The parts of an AWS SDK v3 error the preflight reads. */
interface SdkErrorShape {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

/** How an AWS call failed, as far as the fix is concerned. */
export type CallFailureKind = 'access-denied' | 'throttled' | 'no-credentials' | 'other';

/** Classifies an error thrown by an AWS SDK v3 client. */
export function callFailureKind(error: unknown): CallFailureKind {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const name = typeof shape.name === 'string' ? shape.name : '';
  const status = shape.$metadata?.httpStatusCode;
  if (name === 'CredentialsProviderError' || /ExpiredToken|InvalidClientTokenId|UnrecognizedClient/.test(name)) return 'no-credentials';
  if (/AccessDenied|Unauthorized|Forbidden/.test(name) || status === 403) return 'access-denied';
  if (/Throttl|TooManyRequests|RequestLimitExceeded|SlowDown/.test(name) || status === 429) return 'throttled';
  return 'other';
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * A failed check for an AWS call that threw: access denied, throttling and missing credentials are
 * named with their fix, anything else is quoted. The preflight reports; it never crashes on AWS.
 */
export function failedCall(check: string, action: string, error: unknown): PreflightResult {
  const detail = `${action} failed (${describeError(error)})`;
  switch (callFailureKind(error)) {
    case 'access-denied':
      return failed(check, detail, `allow ${action} to the credentials you run the preflight with (npm run preflight -- --help lists every permission)`);
    case 'throttled':
      return failed(check, detail, 'AWS throttled the call even after the SDK\'s retries: run the preflight again in a minute');
    case 'no-credentials':
      return failed(check, detail, 'configure valid AWS credentials (AWS_PROFILE, `aws sso login`, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)');
    default:
      return failed(check, detail, 'check the region, your network and the error above, then run the preflight again');
  }
}
