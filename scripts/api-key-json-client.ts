import { FetchLike, PostJson, readJsonResponse } from './signed-json-client';

export interface ApiKeyJsonClientOptions {
  /** The API key's value, sent in `x-api-key`. */
  readonly apiKey: string;
  /**
   * How requests are sent.
   * @default - the global fetch
   */
  readonly fetch?: FetchLike;
}

/**
 * A client that POSTs JSON to an API Gateway REST API that takes API keys and no SigV4. The key goes
 * in `x-api-key`, where API Gateway reads it with the default key source HEADER (API Gateway
 * developer guide, "Choose an API key source", api-gateway-api-key-source).
 */
export function apiKeyJsonClient(options: ApiKeyJsonClientOptions): PostJson {
  const send: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  return async (url, body) => readJsonResponse(await send(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': options.apiKey },
    body: JSON.stringify(body),
  }));
}
