import type { APIGatewayProxyResult } from 'aws-lambda';
import { FieldError } from './request-validator';

const JSON_HEADERS = { 'Content-Type': 'application/json' };

export function jsonResponse(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return { statusCode, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

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
