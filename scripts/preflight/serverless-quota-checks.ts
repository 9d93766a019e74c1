import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { failedCall } from './failed-call';
import { failed, passed, PreflightResult } from './preflight-result';
import { describeQuota, NamedQuota, serviceQuotasByName } from './service-quotas-by-name';
import { ServerlessEndpointRequirements } from './stage-requirements';

const CHECK = 'SageMaker serverless quotas';

/**
 * SageMaker Serverless Inference quotas by their Service Quotas names (service code `sagemaker`):
 * the concurrency all serverless endpoints of the account share in a region (L-96300102), and the
 * number of serverless endpoints. New accounts have seen 10 for the first.
 */
export const SERVERLESS_TOTAL_CONCURRENCY_QUOTA = 'Maximum total concurrency that can be allocated across all serverless endpoints';
export const SERVERLESS_ENDPOINTS_QUOTA = 'Maximum number of serverless endpoints';

/**
 * The account's serverless quotas in the region hold the stage's endpoint: its maximum concurrency,
 * and one endpoint. Neither quota listed means the region has no Serverless Inference. Other
 * serverless endpoints of the account share both quotas.
 */
export async function checkServerlessQuotas(
  serviceQuotas: ServiceQuotasClient,
  endpoint: ServerlessEndpointRequirements,
  region: string,
): Promise<PreflightResult> {
  let quotas: Map<string, NamedQuota>;
  try {
    quotas = await serviceQuotasByName(serviceQuotas, 'sagemaker', [SERVERLESS_TOTAL_CONCURRENCY_QUOTA, SERVERLESS_ENDPOINTS_QUOTA]);
  } catch (error) {
    return failedCall(CHECK, 'servicequotas:ListServiceQuotas and servicequotas:ListAWSDefaultServiceQuotas', error);
  }
  if (quotas.size === 0) {
    return failed(CHECK, `no serverless quotas in ${region}: SageMaker Serverless Inference is not offered there`, 'choose another region, or give the stage instance capacity');
  }
  const needs: ReadonlyArray<readonly [string, number, string]> = [
    [SERVERLESS_TOTAL_CONCURRENCY_QUOTA, endpoint.maxConcurrency, `the endpoint's maximum concurrency ${endpoint.maxConcurrency}`],
    [SERVERLESS_ENDPOINTS_QUOTA, 1, '1 endpoint'],
  ];
  const parts: string[] = [];
  const fixes: string[] = [];
  for (const [name, needed, what] of needs) {
    const quota = quotas.get(name);
    if (quota === undefined || quota.value === undefined) {
      parts.push(`"${name}" ${quota === undefined ? 'not listed' : `has no value (${quota.error ?? 'no reason given'})`} ✗`);
      fixes.push(`read "${name}" in the Service Quotas console`);
    } else if (quota.value < needed) {
      parts.push(`"${name}" ${describeQuota(quota)} < ${what} ✗`);
      fixes.push(`request "${name}" (${quota.code}) of at least ${needed} in ${region}`);
    } else {
      parts.push(`"${name}" ${describeQuota(quota)} ≥ ${what} ✓`);
    }
  }
  const detail = parts.join('; ');
  return fixes.length > 0 ? failed(CHECK, detail, fixes.join('; ')) : passed(CHECK, detail);
}
