import { ServiceQuota } from '@aws-sdk/client-service-quotas';

/** A SageMaker quota as Service Quotas lists it. */
export function quota(name: string, code: string, value?: number, error?: string): ServiceQuota {
  return {
    ServiceCode: 'sagemaker', ServiceName: 'Amazon SageMaker', QuotaName: name, QuotaCode: code, Value: value, Unit: 'None',
    Adjustable: true, GlobalQuota: false,
    ...(error === undefined ? {} : { ErrorReason: { ErrorCode: 'DEPENDENCY_SERVICE_ERROR', ErrorMessage: error } }),
  };
}

/** Quotas of other instance types and jobs, which every page holds plenty of. */
export function unrelatedQuotas(count: number, prefix: string): ServiceQuota[] {
  return Array.from({ length: count }, (_, index) => quota(`ml.m5.${index}xlarge for ${prefix} job usage`, `L-${prefix}${index}`, 1));
}
