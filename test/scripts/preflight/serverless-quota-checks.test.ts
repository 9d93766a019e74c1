import {
  AccessDeniedException, ListAWSDefaultServiceQuotasCommand, ListServiceQuotasCommand, ServiceQuotasClient, TooManyRequestsException,
} from '@aws-sdk/client-service-quotas';
import { mockClient } from 'aws-sdk-client-mock';
import { checkServerlessQuotas, SERVERLESS_ENDPOINTS_QUOTA, SERVERLESS_TOTAL_CONCURRENCY_QUOTA } from '../../../scripts/preflight/serverless-quota-checks';
import { quota } from './quota-fixtures';

const serviceQuotas = mockClient(ServiceQuotasClient);
const TOTAL = SERVERLESS_TOTAL_CONCURRENCY_QUOTA;
const COUNT = SERVERLESS_ENDPOINTS_QUOTA;

/** Dev's endpoint: at most 5 concurrent invocations. */
const check = (maxConcurrency = 5) => checkServerlessQuotas(new ServiceQuotasClient({}), { kind: 'serverless', maxConcurrency }, 'eu-west-1');

beforeEach(() => {
  serviceQuotas.reset();
  serviceQuotas.on(ListServiceQuotasCommand).resolves({ Quotas: [] });
  serviceQuotas.on(ListAWSDefaultServiceQuotasCommand).resolves({ Quotas: [] });
});

describe('SageMaker serverless quota check', () => {
  test('the quota names are Service Quotas\' own', () => {
    expect(TOTAL).toBe('Maximum total concurrency that can be allocated across all serverless endpoints');
    expect(COUNT).toBe('Maximum number of serverless endpoints');
  });

  test('defaults such as a new account\'s (total concurrency 10, 5 endpoints) hold Dev\'s 5', async () => {
    serviceQuotas.on(ListAWSDefaultServiceQuotasCommand).resolves({ Quotas: [quota(TOTAL, 'L-96300102', 10), quota(COUNT, 'L-COUNT', 5)] });
    expect(await check()).toEqual({
      check: 'SageMaker serverless quotas', ok: true, fix: '',
      detail: `"${TOTAL}" 10 (default, L-96300102) ≥ the endpoint's maximum concurrency 5 ✓; "${COUNT}" 5 (default, L-COUNT) ≥ 1 endpoint ✓`,
    });
  });

  test('total concurrency below the endpoint\'s maximum fails with the increase to request', async () => {
    serviceQuotas.on(ListServiceQuotasCommand).resolves({ Quotas: [quota(TOTAL, 'L-96300102', 10), quota(COUNT, 'L-COUNT', 5)] });
    const result = await check(20);
    expect(result.ok).toBe(false);
    expect(result.detail).toContain(`"${TOTAL}" 10 (applied, L-96300102) < the endpoint's maximum concurrency 20 ✗`);
    expect(result.fix).toBe(`request "${TOTAL}" (L-96300102) of at least 20 in eu-west-1`);
  });

  test('no serverless endpoints allowed fails', async () => {
    serviceQuotas.on(ListServiceQuotasCommand).resolves({ Quotas: [quota(TOTAL, 'L-96300102', 10), quota(COUNT, 'L-COUNT', 0)] });
    expect(await check()).toMatchObject({ ok: false, fix: `request "${COUNT}" (L-COUNT) of at least 1 in eu-west-1` });
  });

  test('neither quota in the region: Serverless Inference is not offered there', async () => {
    expect(await check()).toMatchObject({ ok: false, detail: 'no serverless quotas in eu-west-1: SageMaker Serverless Inference is not offered there' });
  });

  test('one quota missing or without a value fails, naming it', async () => {
    serviceQuotas.on(ListServiceQuotasCommand).resolves({ Quotas: [quota(TOTAL, 'L-96300102', undefined, 'no answer')] });
    const result = await check();
    expect(result.ok).toBe(false);
    expect(result.detail).toBe(`"${TOTAL}" has no value (no answer) ✗; "${COUNT}" not listed ✗`);
  });

  test('access denied fails naming the permissions', async () => {
    serviceQuotas.on(ListServiceQuotasCommand).rejects(new AccessDeniedException({ message: 'denied', $metadata: { httpStatusCode: 403 } }));
    expect(await check()).toMatchObject({ ok: false, fix: expect.stringMatching(/^allow servicequotas:ListServiceQuotas/) });
  });

  test('throttling fails with "run again"', async () => {
    serviceQuotas.on(ListAWSDefaultServiceQuotasCommand).rejects(new TooManyRequestsException({ message: 'slow down', $metadata: { httpStatusCode: 400 } }));
    expect(await check()).toMatchObject({ ok: false, fix: expect.stringContaining('run the preflight again in a minute') });
  });
});
