import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { failedCall } from './failed-call';
import { failed, passed, PreflightResult } from './preflight-result';
import { describeQuota, serviceQuotasByName } from './service-quotas-by-name';
import { InstanceEndpointRequirements } from './stage-requirements';

const OFFERED = 'SageMaker instance type in region';
const QUOTA = 'SageMaker endpoint instances';

/** The Service Quotas name of a SageMaker endpoint-instance quota, e.g. "ml.c5.xlarge for endpoint usage". */
export function endpointUsageQuotaName(instanceType: string): string {
  return `${instanceType} for endpoint usage`;
}

/**
 * Two checks from the instance type's "<type> for endpoint usage" quota (service code `sagemaker`):
 *
 * - Offered in the region. SageMaker has no API listing the instance types a region offers; the
 *   quota exists for every type the region offers, so its absence (applied and default lists) is the
 *   evidence that the type is not offered.
 * - Enough instances: the quota covers the instances at creation, at maximum scale, and during a
 *   blue/green update at maximum scale, when SageMaker provisions the new fleet beside the old one
 *   (SageMaker developer guide, "Blue/Green Deployments", deployment-guardrails-blue-green): twice
 *   the maximum. New accounts often have 0. Other endpoints of the same type count against it too.
 */
export async function checkEndpointInstances(
  serviceQuotas: ServiceQuotasClient,
  endpoint: InstanceEndpointRequirements,
  region: string,
): Promise<PreflightResult[]> {
  const name = endpointUsageQuotaName(endpoint.instanceType);
  let quota;
  try {
    quota = (await serviceQuotasByName(serviceQuotas, 'sagemaker', [name])).get(name);
  } catch (error) {
    const failure = failedCall(OFFERED, 'servicequotas:ListServiceQuotas and servicequotas:ListAWSDefaultServiceQuotas', error);
    return [failure, { ...failure, check: QUOTA }];
  }
  if (quota === undefined) {
    const detail = `no quota "${name}" in ${region}: SageMaker does not offer ${endpoint.instanceType} for endpoints there`;
    return [
      failed(OFFERED, detail, 'choose another region, or an instance type whose "<type> for endpoint usage" quota the region lists'),
      failed(QUOTA, `not checked: ${endpoint.instanceType} is not offered in ${region}`, 'see the instance type check'),
    ];
  }
  const offered = passed(OFFERED, `"${name}" exists in ${region}`);
  if (quota.value === undefined) {
    return [offered, failed(QUOTA, `Service Quotas gives no value for "${name}" (${quota.error ?? 'no reason given'})`, 'run the preflight again; read the quota in the Service Quotas console')];
  }
  const needs: ReadonlyArray<readonly [string, number]> = [
    ['at creation', endpoint.initialInstanceCount],
    ['at maximum scale', Math.max(endpoint.initialInstanceCount, endpoint.maxInstanceCount)],
    ['during a blue/green update at maximum scale', 2 * Math.max(endpoint.initialInstanceCount, endpoint.maxInstanceCount)],
  ];
  const value = quota.value;
  const detail = `quota ${describeQuota(quota)}; needs ${needs.map(([when, count]) => `${count} ${when} ${value >= count ? '✓' : '✗'}`).join(', ')}`;
  const largest = Math.max(...needs.map(([, count]) => count));
  if (value < largest) {
    return [offered, failed(
      QUOTA,
      detail,
      `request "${name}" (${quota.code}) of at least ${largest} in ${region}: Service Quotas console, or \`aws service-quotas `
        + `request-service-quota-increase --service-code sagemaker --quota-code ${quota.code} --desired-value ${largest} --region ${region}\``,
    )];
  }
  return [offered, passed(QUOTA, detail)];
}
