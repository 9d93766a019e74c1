import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac, Hash, Hmac } from 'crypto';

/** AWS credentials, or a provider of them (an SDK client's `config.credentials`). */
export type Credentials =
  | { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string }
  | (() => Promise<{ readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string }>);

/** An HTTP answer: its status and its body, parsed as JSON when it is JSON. */
export interface JsonResponse {
  readonly status: number;
  readonly body: unknown;
}

/** POSTs a JSON body to a URL and returns the answer. */
export type PostJson = (url: string, body: unknown) => Promise<JsonResponse>;

/** The part of `fetch` the client uses, so tests can stand in for the network. */
export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<{
  readonly status: number;
  text(): Promise<string>;
}>;

export interface SignedJsonClientOptions {
  /** The API's region. */
  readonly region: string;
  readonly credentials: Credentials;
  /**
   * An API key to send in `x-api-key` too (signed with the other headers), for APIs that take both.
   * @default - none
   */
  readonly apiKey?: string;
  /**
   * How requests are sent.
   * @default - the global fetch
   */
  readonly fetch?: FetchLike;
  /**
   * The signing time.
   * @default - now
   */
  readonly signingDate?: () => Date;
}

/** What SignatureV4 hands a hash: text or bytes. */
type SourceData = string | ArrayBuffer | ArrayBufferView;

function toBytes(data: SourceData): string | Buffer {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/** SHA-256 (or HMAC-SHA-256 when given a secret) in the shape SignatureV4 expects, on Node's crypto. */
class NodeSha256 {
  private hash: Hash | Hmac;

  constructor(private readonly secret?: SourceData) {
    this.hash = this.create();
  }

  public update(data: SourceData): void {
    this.hash.update(toBytes(data));
  }

  public async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }

  public reset(): void {
    this.hash = this.create();
  }

  private create(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(this.secret));
  }
}

/**
 * A client that POSTs JSON to an API Gateway REST API with IAM auth: every request is signed with
 * SigV4 for the `execute-api` service (and carries the API key, when given).
 */
export function signedJsonClient(options: SignedJsonClientOptions): PostJson {
  const signer = new SignatureV4({
    service: 'execute-api',
    region: options.region,
    credentials: options.credentials,
    sha256: NodeSha256,
    applyChecksum: false,
  });
  const send: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  return async (url, body) => {
    const target = new URL(url);
    const payload = JSON.stringify(body);
    const signed = await signer.sign({
      method: 'POST',
      protocol: target.protocol,
      hostname: target.hostname,
      path: target.pathname,
      query: Object.fromEntries(target.searchParams),
      headers: {
        host: target.host,
        'content-type': 'application/json',
        ...(options.apiKey === undefined ? {} : { 'x-api-key': options.apiKey }),
      },
      body: payload,
    }, { signingDate: options.signingDate?.() });
    // fetch sets Host itself, from the URL: the same value that was signed.
    const { host: _host, ...headers } = signed.headers;
    return readJsonResponse(await send(url, { method: 'POST', headers, body: payload }));
  };
}

/** An HTTP answer's status and body, the body parsed when it is JSON. */
export async function readJsonResponse(response: Awaited<ReturnType<FetchLike>>): Promise<JsonResponse> {
  const text = await response.text();
  return { status: response.status, body: parseJson(text) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
