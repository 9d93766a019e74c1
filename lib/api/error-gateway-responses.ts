import * as apigateway from 'aws-cdk-lib/aws-apigateway';

/**
 * A gateway-response body in the API's error envelope, `{"error": {"code", "message"}}`.
 * Gateway-response templates are not VTL: only `$context` variables are substituted, so the
 * message is either literal text or `$context.error.messageString` (already a quoted JSON string).
 */
function envelope(code: string, message: string): Record<string, string> {
  return { 'application/json': `{"error":{"code":"${code}","message":${message}}}` };
}

function literal(text: string): string {
  return JSON.stringify(text);
}

interface ErrorResponseSpec {
  readonly type: apigateway.ResponseType;
  readonly code: string;
  readonly message: string;
  readonly retryAfterSeconds?: number;
}

/**
 * The answers API Gateway itself gives, in the function's error envelope. A body that breaks the
 * request model gets code InvalidRequest, like the function's 400, with a fixed message:
 * `$context.error.validationErrorString` would name the broken rule, but it is substituted raw and
 * holds double quotes (`[object has missing required properties (["records"])]`), which would make
 * the body invalid JSON; of the error variables, only `$context.error.messageString` is documented
 * as a quoted, escaped value (API Gateway Developer Guide, "Gateway response types" and "Set up
 * gateway responses to customize error responses"). The function names every broken field for
 * bodies that pass the model's shape.
 */
export const GATEWAY_ERROR_RESPONSES: readonly ErrorResponseSpec[] = [
  {
    type: apigateway.ResponseType.BAD_REQUEST_BODY,
    code: 'InvalidRequest',
    message: literal('The request body does not match the request model: {"records": [1 to the limit of records]}, '
      + 'each with exactly the documented fields, types and ranges (see the OpenAPI document).'),
  },
  ...[
    apigateway.ResponseType.ACCESS_DENIED, apigateway.ResponseType.MISSING_AUTHENTICATION_TOKEN, apigateway.ResponseType.INVALID_SIGNATURE,
    apigateway.ResponseType.EXPIRED_TOKEN, apigateway.ResponseType.INVALID_API_KEY,
  ].map((type) => ({ type, code: 'AccessDenied', message: '$context.error.messageString' })),
  { type: apigateway.ResponseType.WAF_FILTERED, code: 'RequestBlocked', message: literal('The request was blocked by the web ACL.') },
  { type: apigateway.ResponseType.REQUEST_TOO_LARGE, code: 'RequestTooLarge', message: '$context.error.messageString' },
  { type: apigateway.ResponseType.THROTTLED, code: 'Throttled', message: '$context.error.messageString', retryAfterSeconds: 1 },
  { type: apigateway.ResponseType.QUOTA_EXCEEDED, code: 'QuotaExceeded', message: '$context.error.messageString' },
  { type: apigateway.ResponseType.INTEGRATION_TIMEOUT, code: 'GatewayTimeout', message: '$context.error.messageString' },
  { type: apigateway.ResponseType.DEFAULT_4XX, code: 'RequestRejected', message: '$context.error.messageString' },
  { type: apigateway.ResponseType.DEFAULT_5XX, code: 'GatewayError', message: '$context.error.messageString' },
];

/** Adds every gateway response of GATEWAY_ERROR_RESPONSES to the API. */
export function addErrorGatewayResponses(restApi: apigateway.RestApi): void {
  for (const spec of GATEWAY_ERROR_RESPONSES) {
    restApi.addGatewayResponse(pascalCase(spec.type.responseType), {
      type: spec.type,
      templates: envelope(spec.code, spec.message),
      responseHeaders: spec.retryAfterSeconds !== undefined ? { 'Retry-After': `'${spec.retryAfterSeconds}'` } : undefined,
    });
  }
}

/** `BAD_REQUEST_BODY` → `BadRequestBody`: a stable construct id per response type. */
function pascalCase(responseType: string): string {
  return responseType.toLowerCase().split('_').map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
}
