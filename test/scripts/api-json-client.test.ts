import { apiJsonClient } from '../../scripts/api-json-client';
import { FetchLike } from '../../scripts/signed-json-client';

const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const URL = 'https://abc123.execute-api.eu-west-1.amazonaws.com/live/v1/predictions';
const BODY = { records: [{ areaCode: '408' }] };

/** A fetch that records each request's headers instead of sending it. */
function inbox(): { fetch: FetchLike; headers: Array<Record<string, string>> } {
  const headers: Array<Record<string, string>> = [];
  return {
    headers,
    fetch: async (_url, init) => {
      headers.push(init.headers);
      return { status: 200, text: async () => '{"predictions":[]}' };
    },
  };
}

const options = (fetch: FetchLike) => ({ region: 'eu-west-1', credentials: CREDENTIALS, fetch, signingDate: () => new Date('2026-01-02T03:04:05Z') });

describe('apiJsonClient: one client per auth mode', () => {
  test('SigV4 only: signed, no x-api-key', async () => {
    const { fetch, headers } = inbox();
    expect(await apiJsonClient({ sigV4: true }, options(fetch))(URL, BODY)).toEqual({ status: 200, body: { predictions: [] } });
    expect(headers[0].authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20260102\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=content-type;host;x-amz-date,/);
    expect(headers[0]['x-api-key']).toBeUndefined();
  });

  test('API key only: x-api-key, unsigned', async () => {
    const { fetch, headers } = inbox();
    await apiJsonClient({ sigV4: false, apiKey: { id: 'k', value: 'KEY-VALUE' } }, options(fetch))(URL, BODY);
    expect(headers[0]).toEqual({ 'content-type': 'application/json', 'x-api-key': 'KEY-VALUE' });
  });

  test('both: x-api-key, signed with the rest', async () => {
    const { fetch, headers } = inbox();
    await apiJsonClient({ sigV4: true, apiKey: { id: 'k', value: 'KEY-VALUE' } }, options(fetch))(URL, BODY);
    expect(headers[0]['x-api-key']).toBe('KEY-VALUE');
    expect(headers[0].authorization).toContain('SignedHeaders=content-type;host;x-amz-date;x-api-key,');
  });

  test('neither is refused (the API construct never builds such an API)', () => {
    expect(() => apiJsonClient({ sigV4: false }, options(inbox().fetch))).toThrow('the API takes neither SigV4 nor an API key');
  });
});
