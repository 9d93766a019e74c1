import { createHash, createHmac } from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { FetchLike, signedJsonClient } from '../../scripts/signed-json-client';

const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const SIGNING_DATE = new Date('2026-01-02T03:04:05Z');

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/**
 * SigV4 written out from AWS's description ("Create a signed AWS API request"), independently of
 * the library: canonical request, string to sign, derived key, signature.
 */
function expectedAuthorization(request: { host: string; path: string; body: string; region: string; sessionToken?: string; apiKey?: string }): string {
  const amzDate = '20260102T030405Z';
  const scope = `20260102/${request.region}/execute-api/aws4_request`;
  const headers: Array<[string, string]> = [['content-type', 'application/json'], ['host', request.host], ['x-amz-date', amzDate]];
  if (request.sessionToken !== undefined) headers.push(['x-amz-security-token', request.sessionToken]);
  if (request.apiKey !== undefined) headers.push(['x-api-key', request.apiKey]);
  const signedHeaders = headers.map(([name]) => name).join(';');
  const canonicalRequest = [
    'POST', request.path, '', headers.map(([name, value]) => `${name}:${value}\n`).join(''), signedHeaders, sha256(request.body),
  ].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const key = ['20260102', request.region, 'execute-api', 'aws4_request']
    .reduce<string | Buffer>((previous, part) => hmac(previous, part), `AWS4${CREDENTIALS.secretAccessKey}`);
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  return `AWS4-HMAC-SHA256 Credential=${CREDENTIALS.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}

function recordingFetch(status: number, text: string): { fetch: FetchLike; calls: Array<Parameters<FetchLike>> } {
  const calls: Array<Parameters<FetchLike>> = [];
  return {
    calls,
    fetch: async (url, init) => {
      calls.push([url, init]);
      return { status, text: async () => text };
    },
  };
}

describe('signedJsonClient', () => {
  const url = 'https://abc123.execute-api.eu-west-1.amazonaws.com/live/v1/predictions';
  const body = { records: [{ areaCode: '408' }] };

  test('signs the POST with SigV4 for execute-api in the API\'s region, exactly as AWS specifies', async () => {
    const { fetch, calls } = recordingFetch(200, '{"predictions":[]}');
    const post = signedJsonClient({ region: 'eu-west-1', credentials: CREDENTIALS, fetch, signingDate: () => SIGNING_DATE });
    const answer = await post(url, body);
    expect(answer).toEqual({ status: 200, body: { predictions: [] } });
    const [[sentUrl, init]] = calls;
    expect(sentUrl).toBe(url);
    expect(init.method).toBe('POST');
    expect(init.body).toBe(JSON.stringify(body));
    expect(init.headers).toEqual({
      'content-type': 'application/json',
      'x-amz-date': '20260102T030405Z',
      'authorization': expectedAuthorization({
        host: 'abc123.execute-api.eu-west-1.amazonaws.com', path: '/live/v1/predictions', body: JSON.stringify(body), region: 'eu-west-1',
      }),
    });
  });

  test('temporary credentials: the session token is sent and signed; a credential provider is awaited', async () => {
    const { fetch, calls } = recordingFetch(200, '{}');
    const credentials = async () => ({ ...CREDENTIALS, sessionToken: 'TOKEN' });
    await signedJsonClient({ region: 'us-east-1', credentials, fetch, signingDate: () => SIGNING_DATE })(url, body);
    const headers = calls[0][1].headers;
    expect(headers['x-amz-security-token']).toBe('TOKEN');
    expect(headers.authorization).toBe(expectedAuthorization({
      host: 'abc123.execute-api.eu-west-1.amazonaws.com', path: '/live/v1/predictions', body: JSON.stringify(body), region: 'us-east-1', sessionToken: 'TOKEN',
    }));
  });

  test('with an API key (APIs that take both): x-api-key is sent and signed with the rest', async () => {
    const { fetch, calls } = recordingFetch(200, '{}');
    await signedJsonClient({ region: 'eu-west-1', credentials: CREDENTIALS, apiKey: 'KEY-VALUE', fetch, signingDate: () => SIGNING_DATE })(url, body);
    const headers = calls[0][1].headers;
    expect(headers['x-api-key']).toBe('KEY-VALUE');
    expect(headers.authorization).toContain('SignedHeaders=content-type;host;x-amz-date;x-api-key,');
    expect(headers.authorization).toBe(expectedAuthorization({
      host: 'abc123.execute-api.eu-west-1.amazonaws.com', path: '/live/v1/predictions', body: JSON.stringify(body), region: 'eu-west-1', apiKey: 'KEY-VALUE',
    }));
  });

  test('a body that is not JSON comes back as text, with its status', async () => {
    const { fetch } = recordingFetch(403, 'Forbidden');
    expect(await signedJsonClient({ region: 'eu-west-1', credentials: CREDENTIALS, fetch })(url, body)).toEqual({ status: 403, body: 'Forbidden' });
  });

  describe('over real HTTP (global fetch, local server)', () => {
    let server: http.Server;
    let received: { headers: http.IncomingHttpHeaders; body: string; url?: string }[];

    beforeAll(async () => {
      received = [];
      server = http.createServer((request, response) => {
        let data = '';
        request.on('data', (chunk) => { data += chunk; });
        request.on('end', () => {
          received.push({ headers: request.headers, body: data, url: request.url });
          response.writeHead(200, { 'Content-Type': 'application/json' });
          response.end('{"modelVersion":"sha256-0123456789abcdef","predictions":[{"churnProbability":0.5,"riskLevel":"medium","recommendedAction":"engagement-offer"}]}');
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });

    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    test('the Host fetch sends is the one that was signed', async () => {
      const { port } = server.address() as AddressInfo;
      const localUrl = `http://127.0.0.1:${port}/live/v1/predictions`;
      const post = signedJsonClient({ region: 'eu-west-1', credentials: CREDENTIALS, signingDate: () => SIGNING_DATE });
      expect(await post(localUrl, body)).toEqual({ status: 200, body: {
        modelVersion: 'sha256-0123456789abcdef', predictions: [{ churnProbability: 0.5, riskLevel: 'medium', recommendedAction: 'engagement-offer' }],
      } });
      const [request] = received;
      expect(request.url).toBe('/live/v1/predictions');
      expect(request.headers.host).toBe(`127.0.0.1:${port}`);
      expect(request.body).toBe(JSON.stringify(body));
      expect(request.headers.authorization).toBe(expectedAuthorization({
        host: `127.0.0.1:${port}`, path: '/live/v1/predictions', body: JSON.stringify(body), region: 'eu-west-1',
      }));
    });
  });
});
