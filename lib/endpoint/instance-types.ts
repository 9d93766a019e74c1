// What the library knows about SageMaker instance types, in one place. Sources:
// - SageMaker Developer Guide, "Automatic scaling": burstable instances cannot be auto scaled.
// - SageMaker API reference, CreateEndpointConfig: no KmsKeyId with Nitro instances that have
//   local (NVMe) storage; SageMaker encrypts those volumes itself.
// - EC2 naming, which ml.* types follow, for the vCPUs of a size.

/** Burstable (T-class) types: `ml.t2.medium`, `ml.t3.large`. */
const BURSTABLE_INSTANCE = /^ml\.t\d/;
/** Instance families with local NVMe storage carry a `d` after the generation (c5d, m5d, g4dn, c6id). */
const LOCAL_STORAGE_INSTANCE = /^ml\.[a-z]+\d+[a-z]*d[a-z]*\./;

/**
 * vCPUs of an instance size, by the EC2 naming convention that ml.* types follow: `large` has 2,
 * `xlarge` 4 and `Nxlarge` 4 × N (ml.c5.large 2, ml.c5.xlarge 4, ml.c5.9xlarge 36).
 * Undefined for sizes outside it (metal, medium).
 */
export function vcpuCount(instanceType: string): number | undefined {
  const size = instanceType.split('.').pop() ?? '';
  if (size === 'large') return 2;
  const match = /^(\d*)xlarge$/.exec(size);
  if (match === null) return undefined;
  return 4 * (match[1] === '' ? 1 : Number(match[1]));
}

/** Whether the type is burstable, which SageMaker cannot auto scale. */
export function isBurstable(instanceType: string): boolean {
  return BURSTABLE_INSTANCE.test(instanceType);
}

/** Whether the type has local NVMe storage, which takes no volume KMS key. */
export function hasLocalStorage(instanceType: string): boolean {
  return LOCAL_STORAGE_INSTANCE.test(instanceType);
}

/** What is wrong with serving on this type, worded to follow its prop path, or undefined. */
export function instanceTypeProblem(instanceType: string, volumeEncryption: boolean): string | undefined {
  if (isBurstable(instanceType)) return `${instanceType} is burstable; SageMaker cannot auto scale T-class instances`;
  if (vcpuCount(instanceType) === undefined) return `${instanceType} has a size whose vCPU count is unknown (needed for the CPU scaling target)`;
  if (volumeEncryption && hasLocalStorage(instanceType)) {
    return `${instanceType} has local NVMe storage, which SageMaker encrypts itself; it rejects a volume KMS key with it`;
  }
  return undefined;
}
