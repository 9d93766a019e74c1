import type { APIGatewayProxyResult } from 'aws-lambda';
import type { FieldError } from './schema-validator';

const JSON_HEADERS = { 'Content-Type': 'application/json' };

export function jsonResponse(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return { statusCode, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

/** The envelope of every error answer (contract/prediction-contract.ts, ERROR_RESPONSE_SCHEMA). */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details?: readonly FieldError[] };
}

export function errorResponse(
  statusCode: number, code: string, message: string,
  options: { details?: readonly FieldError[]; retryAfterSeconds?: number } = {},
): APIGatewayProxyResult {
  const body: ErrorBody = { error: { code, message, ...(options.details ? { details: options.details } : {}) } };
  const headers: Record<string, string> = options.retryAfterSeconds !== undefined
    ? { 'Retry-After': String(options.retryAfterSeconds) }
    : {};
  return jsonResponse(statusCode, body, headers);
}

/** The same answer with extra headers (none added when `extra` is empty). */
export function withHeaders(result: APIGatewayProxyResult, extra: Record<string, string>): APIGatewayProxyResult {
  if (Object.keys(extra).length === 0) return result;
  return { ...result, headers: { ...result.headers, ...extra } };
}
