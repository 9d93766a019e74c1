/**
 * The stable `error.code` values of the API, by HTTP status. The OpenAPI document lists them; a
 * test checks that the function and the gateway responses produce no other code.
 */
export const ERROR_CODES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  400: {
    InvalidRequest: 'The body breaks the request schema; `details` (from the function) names every field and rule.',
  },
  403: {
    AccessDenied: 'Not signed (SigV4) by a principal allowed to invoke the API, or the API key is missing or wrong.',
    RequestBlocked: 'The web ACL blocked the request.',
  },
  413: { RequestTooLarge: 'The body is larger than API Gateway accepts.' },
  '4XX': { RequestRejected: 'API Gateway refused the request for another reason (e.g. an unsupported media type).' },
  429: {
    Throttled: 'The stage or usage-plan rate limit was hit; retry after `Retry-After` seconds.',
    QuotaExceeded: 'The API key\'s usage-plan quota is used up for this period.',
    RateLimited: 'The web ACL\'s per-address rate limit was hit.',
  },
  500: {
    ConfigurationError: 'The function is misconfigured (details only in its log).',
    InternalError: 'An unexpected failure; the function logged it.',
  },
  502: {
    ModelError: 'The model failed on the batch; its own message is logged as a status code only.',
    EndpointRejectedRequest: 'The endpoint rejected the call (e.g. a target variant it does not have).',
    EndpointInternalFailure: 'The endpoint failed (5xx).',
    ModelConnectionFailed: 'The connection to the endpoint was reset or refused.',
    ModelResponseEmpty: 'The model answered with an empty body.',
    ModelResponseNotJson: 'The model answered with something that is not JSON.',
    ModelResponseUnexpectedShape: 'The model\'s JSON has no `predictions` array.',
    ModelResponseCountMismatch: 'The model returned a different number of scores than records.',
    ModelResponseInvalidScore: 'A score is not a number between 0 and 1.',
  },
  503: {
    ModelThrottled: 'The endpoint is throttling; retry after `Retry-After` seconds.',
    ModelNotReady: 'The model is not ready yet; retry after `Retry-After` seconds.',
    EndpointUnavailable: 'The endpoint is unavailable; retry after `Retry-After` seconds.',
  },
  504: {
    ModelTimeout: 'The model did not answer within the deadline (20 s, retries included).',
    GatewayTimeout: 'The function did not answer within API Gateway\'s 29 s.',
  },
  '5XX': { GatewayError: 'API Gateway could not reach or use the function.' },
};

/** The status (or status range, `4XX`/`5XX`) under which a code is listed. */
export function statusOfErrorCode(code: string): string | undefined {
  return Object.entries(ERROR_CODES).find(([, codes]) => Object.hasOwn(codes, code))?.[0];
}
