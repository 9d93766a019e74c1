import { ListAWSDefaultServiceQuotasCommand, ListServiceQuotasCommand, ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { mockClient } from 'aws-sdk-client-mock';
import { describeQuota, serviceQuotasByName } from '../../../scripts/preflight/service-quotas-by-name';
import { quota, unrelatedQuotas } from './quota-fixtures';

const serviceQuotas = mockClient(ServiceQuotasClient);
const NAME = 'ml.c5.xlarge for endpoint usage';

beforeEach(() => {
  serviceQuotas.reset();
  serviceQuotas.on(ListServiceQuotasCommand).resolves({ Quotas: [] });
  serviceQuotas.on(ListAWSDefaultServiceQuotasCommand).resolves({ Quotas: [] });
});

describe('serviceQuotasByName', () => {
  test('finds an applied quota on a later page, and reads no defaults once all are found', async () => {
    serviceQuotas.on(ListServiceQuotasCommand, { ServiceCode: 'sagemaker' }).resolves({ Quotas: unrelatedQuotas(100, 'training'), NextToken: 't2' });
    serviceQuotas.on(ListServiceQuotasCommand, { ServiceCode: 'sagemaker', NextToken: 't2' }).resolves({ Quotas: [quota(NAME, 'L-C5XL', 4)], NextToken: 't3' });
    const found = await serviceQuotasByName(new ServiceQuotasClient({}), 'sagemaker', [NAME]);
    expect(found.get(NAME)).toEqual({ name: NAME, code: 'L-C5XL', value: 4, source: 'applied', error: undefined });
    // Stops paging once everything asked for is found.
    expect(serviceQuotas.commandCalls(ListServiceQuotasCommand)).toHaveLength(2);
    expect(serviceQuotas.commandCalls(ListAWSDefaultServiceQuotasCommand)).toHaveLength(0);
  });

  test('a quota without an applied value is read from AWS\'s defaults (ListServiceQuotas leaves it out)', async () => {
    serviceQuotas.on(ListAWSDefaultServiceQuotasCommand, { ServiceCode: 'sagemaker' }).resolves({ Quotas: unrelatedQuotas(3, 'processing'), NextToken: 'd2' });
    serviceQuotas.on(ListAWSDefaultServiceQuotasCommand, { ServiceCode: 'sagemaker', NextToken: 'd2' }).resolves({ Quotas: [quota(NAME, 'L-C5XL', 0)] });
    const found = await serviceQuotasByName(new ServiceQuotasClient({}), 'sagemaker', [NAME]);
    expect(found.get(NAME)).toMatchObject({ value: 0, source: 'default' });
    expect(describeQuota(found.get(NAME)!)).toBe('0 (default, L-C5XL)');
  });

  test('an applied value wins over the default of the same quota', async () => {
    serviceQuotas.on(ListServiceQuotasCommand).resolves({ Quotas: [quota(NAME, 'L-C5XL', 12)] });
    serviceQuotas.on(ListAWSDefaultServiceQuotasCommand).resolves({ Quotas: [quota(NAME, 'L-C5XL', 0)] });
    expect((await serviceQuotasByName(new ServiceQuotasClient({}), 'sagemaker', [NAME])).get(NAME)).toMatchObject({ value: 12, source: 'applied' });
  });

  test('a name in neither list is absent from the answer; both lists are read to the end', async () => {
    serviceQuotas.on(ListServiceQuotasCommand, { ServiceCode: 'sagemaker' }).resolves({ Quotas: unrelatedQuotas(2, 'a'), NextToken: 'x' });
    serviceQuotas.on(ListServiceQuotasCommand, { ServiceCode: 'sagemaker', NextToken: 'x' }).resolves({ Quotas: unrelatedQuotas(2, 'b') });
    const found = await serviceQuotasByName(new ServiceQuotasClient({}), 'sagemaker', ['ml.x9.huge for endpoint usage']);
    expect(found.size).toBe(0);
    expect(serviceQuotas.commandCalls(ListServiceQuotasCommand)).toHaveLength(2);
    expect(serviceQuotas.commandCalls(ListAWSDefaultServiceQuotasCommand)).toHaveLength(1);
  });

  test('a quota Service Quotas cannot value keeps its reason', async () => {
    serviceQuotas.on(ListServiceQuotasCommand).resolves({ Quotas: [quota(NAME, 'L-C5XL', undefined, 'SageMaker did not answer')] });
    expect((await serviceQuotasByName(new ServiceQuotasClient({}), 'sagemaker', [NAME])).get(NAME)).toMatchObject({ value: undefined, error: 'SageMaker did not answer' });
  });
});
