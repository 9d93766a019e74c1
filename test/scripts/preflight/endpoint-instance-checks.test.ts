import {
  AccessDeniedException, ListAWSDefaultServiceQuotasCommand, ListServiceQuotasCommand, ServiceQuotasClient, TooManyRequestsException,
} from '@aws-sdk/client-service-quotas';
import { mockClient } from 'aws-sdk-client-mock';
import { checkEndpointInstances, endpointUsageQuotaName } from '../../../scripts/preflight/endpoint-instance-checks';
import { InstanceEndpointRequirements } from '../../../scripts/preflight/stage-requirements';
import { quota } from './quota-fixtures';

const serviceQuotas = mockClient(ServiceQuotasClient);
/** Prod's capacity: 2 at creation, 6 at most. */
const PROD_ENDPOINT: InstanceEndpointRequirements = { kind: 'instances', instanceType: 'ml.c5.xlarge', initialInstanceCount: 2, maxInstanceCount: 6 };
const NAME = 'ml.c5.xlarge for endpoint usage';

function applied(value: number | undefined, error?: string) {
  serviceQuotas.on(ListServiceQuotasCommand).resolves({ Quotas: [quota(NAME, 'L-C5XL', value, error)] });
}

const check = (endpoint = PROD_ENDPOINT) => checkEndpointInstances(new ServiceQuotasClient({}), endpoint, 'eu-west-1');

beforeEach(() => {
  serviceQuotas.reset();
  serviceQuotas.on(ListServiceQuotasCommand).resolves({ Quotas: [] });
  serviceQuotas.on(ListAWSDefaultServiceQuotasCommand).resolves({ Quotas: [] });
});

describe('SageMaker endpoint instance checks', () => {
  test('the quota is looked up by its Service Quotas name', () => {
    expect(endpointUsageQuotaName('ml.c5.xlarge')).toBe(NAME);
  });

  test('a quota of 12 covers Prod: 2 at creation, 6 at maximum, 12 during a blue/green update at maximum', async () => {
    applied(12);
    expect(await check()).toEqual([
      { check: 'SageMaker instance type in region', ok: true, detail: `"${NAME}" exists in eu-west-1`, fix: '' },
      {
        check: 'SageMaker endpoint instances', ok: true, fix: '',
        detail: 'quota 12 (applied, L-C5XL); needs 2 at creation ✓, 6 at maximum scale ✓, 12 during a blue/green update at maximum scale ✓',
      },
    ]);
    expect(serviceQuotas.commandCalls(ListServiceQuotasCommand)[0].args[0].input).toMatchObject({ ServiceCode: 'sagemaker' });
  });

  test('a quota of 6 creates and scales, but fails the blue/green update at maximum: request 12', async () => {
    applied(6);
    const [offered, instances] = await check();
    expect(offered.ok).toBe(true);
    expect(instances).toEqual({
      check: 'SageMaker endpoint instances', ok: false,
      detail: 'quota 6 (applied, L-C5XL); needs 2 at creation ✓, 6 at maximum scale ✓, 12 during a blue/green update at maximum scale ✗',
      fix: `request "${NAME}" (L-C5XL) of at least 12 in eu-west-1: Service Quotas console, or \`aws service-quotas request-service-quota-increase `
        + '--service-code sagemaker --quota-code L-C5XL --desired-value 12 --region eu-west-1`',
    });
  });

  test('a new account\'s default of 0 fails every number', async () => {
    serviceQuotas.on(ListAWSDefaultServiceQuotasCommand).resolves({ Quotas: [quota(NAME, 'L-C5XL', 0)] });
    const [, instances] = await check();
    expect(instances).toMatchObject({
      ok: false, detail: 'quota 0 (default, L-C5XL); needs 2 at creation ✗, 6 at maximum scale ✗, 12 during a blue/green update at maximum scale ✗',
    });
  });

  test('an initial count above the maximum counts as the maximum', async () => {
    applied(8);
    const [, instances] = await check({ ...PROD_ENDPOINT, initialInstanceCount: 4, maxInstanceCount: 3 });
    expect(instances.detail).toBe('quota 8 (applied, L-C5XL); needs 4 at creation ✓, 4 at maximum scale ✓, 8 during a blue/green update at maximum scale ✓');
  });

  test('an instance type without a quota in the region is not offered there: both checks fail', async () => {
    const [offered, instances] = await check({ ...PROD_ENDPOINT, instanceType: 'ml.c7i.xlarge' });
    expect(offered).toMatchObject({ ok: false, detail: 'no quota "ml.c7i.xlarge for endpoint usage" in eu-west-1: SageMaker does not offer ml.c7i.xlarge for endpoints there' });
    expect(instances).toMatchObject({ ok: false, detail: 'not checked: ml.c7i.xlarge is not offered in eu-west-1' });
  });

  test('a quota without a value fails the count, with Service Quotas\' reason', async () => {
    applied(undefined, 'dependency failed');
    const [offered, instances] = await check();
    expect(offered.ok).toBe(true);
    expect(instances).toMatchObject({ ok: false, detail: `Service Quotas gives no value for "${NAME}" (dependency failed)` });
  });

  test('access denied fails both checks naming the Service Quotas permissions', async () => {
    serviceQuotas.on(ListServiceQuotasCommand).rejects(new AccessDeniedException({ message: 'not authorized', $metadata: { httpStatusCode: 403 } }));
    const results = await check();
    expect(results.map((result) => [result.check, result.ok])).toEqual([['SageMaker instance type in region', false], ['SageMaker endpoint instances', false]]);
    expect(results[1].fix).toMatch(/^allow servicequotas:ListServiceQuotas and servicequotas:ListAWSDefaultServiceQuotas to/);
  });

  test('throttling fails with "run again"', async () => {
    serviceQuotas.on(ListServiceQuotasCommand).rejects(new TooManyRequestsException({ message: 'slow down', $metadata: { httpStatusCode: 400 } }));
    expect((await check())[1]).toMatchObject({ ok: false, fix: expect.stringContaining('run the preflight again in a minute') });
  });
});
