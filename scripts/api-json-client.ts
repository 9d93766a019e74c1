import { ApiAuth } from './api-auth';
import { apiKeyJsonClient } from './api-key-json-client';
import { Credentials, FetchLike, PostJson, signedJsonClient } from './signed-json-client';

export interface ApiJsonClientOptions {
  /** The API's region, for SigV4. */
  readonly region: string;
  /** Credentials to sign with, when the API takes SigV4. */
  readonly credentials: Credentials;
  /** @default - the global fetch */
  readonly fetch?: FetchLike;
  /** @default - now */
  readonly signingDate?: () => Date;
}

/**
 * The client for an API's auth mode: SigV4-signed for IAM, `x-api-key` for API keys, both (the key
 * signed with the rest) when the API takes both.
 */
export function apiJsonClient(auth: ApiAuth, options: ApiJsonClientOptions): PostJson {
  const apiKey = auth.apiKey?.value;
  if (auth.sigV4) return signedJsonClient({ ...options, apiKey });
  if (apiKey === undefined) throw new Error('the API takes neither SigV4 nor an API key');
  return apiKeyJsonClient({ apiKey, fetch: options.fetch });
}
