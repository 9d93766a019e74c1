/** `ml.<family>.<size>`, e.g. ml.c5.xlarge, ml.m5.2xlarge, ml.c7g.medium. */
const ML_INSTANCE_TYPE = /^ml\.[a-z0-9-]+\.(medium|large|xlarge|(\d+)xlarge)$/;

/**
 * vCPUs of a SageMaker ML instance type, from its size: medium 1, large 2, xlarge 4, N·xlarge 4N.
 * That is how the EC2 families behind SageMaker's CPU instances are sized (c5, m5, r5, c6i, m6i,
 * c7g…: "Amazon EC2 instance types" specifications). Burstable ml.t* types do not follow it and are
 * rejected by the endpoint anyway.
 */
export function vcpusOfInstanceType(instanceType: string): number {
  const match = ML_INSTANCE_TYPE.exec(instanceType);
  if (match === null || instanceType.startsWith('ml.t')) {
    throw new Error(`cannot tell the vCPUs of instance type "${instanceType}"; pass vcpusPerInstance yourself`);
  }
  const [, size, multiple] = match;
  if (size === 'medium') return 1;
  if (size === 'large') return 2;
  if (size === 'xlarge') return 4;
  return 4 * Number(multiple);
}
