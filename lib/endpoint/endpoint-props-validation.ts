import { Duration } from 'aws-cdk-lib';
import { VARIANT_NAME_PATTERN } from '../../contract/prediction-contract';
import { availabilityZoneCount } from '../network/model-network';
import { deploymentGuardrailsProblems, ResolvedDeploymentGuardrails } from './deployment-guardrails';
import { vcpuCount } from './variant-auto-scaling';
import { ResolvedCapacity, ResolvedInstanceCapacity, ResolvedServerlessCapacity } from './variant-capacity';

// Sources of the rules below:
// - SageMaker API reference, CreateEndpointConfig: 1 to 10 ProductionVariants; with
//   ShadowProductionVariants, exactly one production and one shadow variant; no KmsKeyId with
//   Nitro instances that have local (NVMe) storage; VariantName pattern.
// - SageMaker Developer Guide, "Deploy models with Amazon SageMaker Serverless Inference", feature
//   exclusions: no VPC configuration, network isolation, data capture or multiple production
//   variants; memory 1024-6144 MB in 1 GB steps; max concurrency up to 200; provisioned concurrency
//   at most max concurrency. Its earlier revision also listed KMS keys; KmsKeyId encrypts "the
//   storage volume attached to the ML compute instance", which a serverless variant has none of.
// - SageMaker Developer Guide, "Automatic scaling": burstable instances cannot be auto scaled.
const BURSTABLE_INSTANCE = /^ml\.t\d/;
/** Instance families with local NVMe storage carry a `d` after the generation (c5d, m5d, g4dn, c6id). */
const LOCAL_STORAGE_INSTANCE = /^ml\.[a-z]+\d+[a-z]*d[a-z]*\./;
const SERVERLESS_MEMORY_SIZES = [1024, 2048, 3072, 4096, 5120, 6144];
const MAX_PRODUCTION_VARIANTS = 10;
const MAX_ROLLBACK_ALARMS = 10;

/** A variant with its defaults applied. */
export interface ResolvedVariant {
  readonly variantName: string;
  readonly initialWeight: number;
  readonly capacity: ResolvedCapacity;
}

/** Everything the endpoint checks, with defaults applied. */
export interface EndpointSettings {
  readonly variantsAndShorthandBothGiven: boolean;
  readonly variants: readonly ResolvedVariant[];
  readonly shadowVariant?: ResolvedVariant;
  readonly targetableVariantNames: readonly string[];
  readonly volumeEncryption: boolean;
  /** Subnets' Availability Zones, when the model runs in a VPC. */
  readonly network?: { readonly subnetAvailabilityZones: readonly string[] };
  /** The explicit choice, if any. */
  readonly networkIsolation?: boolean;
  readonly dataCapture?: { readonly samplingPercentage: number; readonly retention: Duration };
  readonly deployment: ResolvedDeploymentGuardrails;
  readonly maxErrorRate: number;
  readonly modelLatencyP99Threshold: Duration;
  readonly requireMultiAz: boolean;
}

const isWholeAtLeast = (value: number, minimum: number) => Number.isInteger(value) && value >= minimum;

/** Every problem of the settings, each naming its setting (empty when valid). */
export function endpointSettingsProblems(settings: EndpointSettings): string[] {
  const problems: string[] = [];
  const { variants, shadowVariant } = settings;
  if (settings.variantsAndShorthandBothGiven) {
    problems.push('give either variants or the single-variant model/modelData/capacity, not both');
  }
  if (variants.length < 1 || variants.length > MAX_PRODUCTION_VARIANTS) {
    problems.push(`variants must list 1 to ${MAX_PRODUCTION_VARIANTS} production variants, got ${variants.length}`);
  }
  const all = shadowVariant === undefined ? variants : [...variants, shadowVariant];
  const names = all.map((variant) => variant.variantName);
  for (const name of new Set(names.filter((name, index) => names.indexOf(name) !== index))) {
    problems.push(`variant name "${name}" is used more than once`);
  }
  for (const variant of all) {
    const role = variant === shadowVariant ? 'shadow variant' : 'variant';
    if (!VARIANT_NAME_PATTERN.test(variant.variantName)) {
      problems.push(`${role} name "${variant.variantName}" must be 1-63 letters, digits and hyphens, starting and ending with a letter or digit`);
    }
    if (!(Number.isFinite(variant.initialWeight) && variant.initialWeight > 0)) {
      problems.push(`${role} ${variant.variantName}: initialWeight must be > 0, got ${variant.initialWeight}`);
    }
    const capacity = variant.capacity;
    const requireMultiAz = settings.requireMultiAz && variant !== shadowVariant;
    problems.push(...(capacity.kind === 'instances'
      ? instanceProblems(`${role} ${variant.variantName}`, capacity, requireMultiAz, settings.volumeEncryption)
      : serverlessProblems(`${role} ${variant.variantName}`, capacity)));
  }
  if (shadowVariant !== undefined && variants.length !== 1) {
    problems.push(`a shadow variant needs exactly one production variant, got ${variants.length}`);
  }
  problems.push(...serverlessExclusionProblems(settings));
  const productionNames = variants.map((variant) => variant.variantName);
  for (const name of settings.targetableVariantNames) {
    if (name === shadowVariant?.variantName) problems.push(`targetableVariantNames: "${name}" is the shadow variant; requests cannot target it`);
    else if (!productionNames.includes(name)) problems.push(`targetableVariantNames: "${name}" is not a production variant (${productionNames.join(', ')})`);
  }
  if (settings.network !== undefined) {
    const zones = availabilityZoneCount(settings.network.subnetAvailabilityZones);
    if (zones < 2) problems.push(`network subnets must span at least 2 Availability Zones, got ${zones}`);
  }
  if (settings.dataCapture !== undefined) {
    const { samplingPercentage, retention } = settings.dataCapture;
    if (!(isWholeAtLeast(samplingPercentage, 1) && samplingPercentage <= 100)) {
      problems.push(`dataCapture samplingPercentage must be a whole number from 1 to 100, got ${samplingPercentage}`);
    }
    if (!isWholeAtLeast(retention.toSeconds() / 86400, 1)) problems.push(`dataCapture retention must be whole days, at least 1, got ${retention.toHumanString()}`);
  }
  problems.push(...deploymentGuardrailsProblems(settings.deployment, variants.map((variant) => variant.capacity)));
  if (!(settings.maxErrorRate > 0 && settings.maxErrorRate <= 1)) problems.push(`rollbackAlarms maxErrorRate must be in (0, 1], got ${settings.maxErrorRate}`);
  if (!(settings.modelLatencyP99Threshold.toMilliseconds() > 0)) problems.push('rollbackAlarms modelLatencyP99Threshold must be > 0');
  if (settings.deployment.autoRollback && variants.length * 2 > MAX_ROLLBACK_ALARMS) {
    problems.push(`auto rollback takes at most ${MAX_ROLLBACK_ALARMS} alarms (2 per production variant); ${variants.length} variants need ${variants.length * 2}`);
  }
  return problems;
}

function instanceProblems(label: string, capacity: ResolvedInstanceCapacity, requireMultiAz: boolean, volumeEncryption: boolean): string[] {
  const problems: string[] = [];
  const { instanceType, initialInstanceCount, minInstanceCount, maxInstanceCount } = capacity;
  if (BURSTABLE_INSTANCE.test(instanceType)) problems.push(`${label}: instanceType ${instanceType} is burstable; SageMaker cannot auto scale T-class instances`);
  else if (vcpuCount(instanceType) === undefined) problems.push(`${label}: instanceType ${instanceType} has a size whose vCPU count is unknown (needed for the CPU scaling target)`);
  if (volumeEncryption && LOCAL_STORAGE_INSTANCE.test(instanceType)) {
    problems.push(`${label}: instanceType ${instanceType} has local NVMe storage, which SageMaker encrypts itself; it rejects a volume KMS key with it`);
  }
  for (const [name, value] of Object.entries({ initialInstanceCount, minInstanceCount, maxInstanceCount })) {
    if (!isWholeAtLeast(value, 1)) problems.push(`${label}: ${name} must be a whole number ≥ 1, got ${value}`);
  }
  if (minInstanceCount > initialInstanceCount) problems.push(`${label}: minInstanceCount (${minInstanceCount}) must not exceed initialInstanceCount (${initialInstanceCount})`);
  if (maxInstanceCount < initialInstanceCount) problems.push(`${label}: maxInstanceCount (${maxInstanceCount}) must not be below initialInstanceCount (${initialInstanceCount})`);
  if (requireMultiAz && initialInstanceCount < 2) problems.push(`${label}: initialInstanceCount must be ≥ 2 to span Availability Zones, got ${initialInstanceCount}`);
  if (requireMultiAz && minInstanceCount < 2) problems.push(`${label}: minInstanceCount must be ≥ 2 to span Availability Zones, got ${minInstanceCount}`);
  if (!(capacity.maxRequestsPerSecondPerInstance > 0)) problems.push(`${label}: maxRequestsPerSecondPerInstance must be > 0, got ${capacity.maxRequestsPerSecondPerInstance}`);
  if (!(capacity.scalingSafetyFactor > 0 && capacity.scalingSafetyFactor <= 1)) problems.push(`${label}: scalingSafetyFactor must be in (0, 1], got ${capacity.scalingSafetyFactor}`);
  if (!(capacity.cpuUtilizationTargetPercent > 0 && capacity.cpuUtilizationTargetPercent <= 100)) {
    problems.push(`${label}: cpuUtilizationTargetPercent must be in (0, 100], got ${capacity.cpuUtilizationTargetPercent}`);
  }
  if (capacity.scaleInCooldown.toSeconds() < capacity.scaleOutCooldown.toSeconds()) {
    problems.push(`${label}: scaleInCooldown (${capacity.scaleInCooldown.toSeconds()} s) must not be shorter than scaleOutCooldown (${capacity.scaleOutCooldown.toSeconds()} s)`);
  }
  if (!capacity.autoScalingEnabled && capacity.schedules.length > 0) problems.push(`${label}: schedules need auto scaling, which is disabled`);
  const ids = new Set<string>();
  for (const scheduled of capacity.schedules) {
    const { id, minInstanceCount: min, maxInstanceCount: max } = scheduled;
    if (ids.has(id)) problems.push(`${label}: schedule id "${id}" is used more than once`);
    ids.add(id);
    if (min === undefined && max === undefined) problems.push(`${label}: schedule ${id} must set minInstanceCount, maxInstanceCount or both`);
    for (const [name, value] of Object.entries({ minInstanceCount: min, maxInstanceCount: max })) {
      if (value !== undefined && !isWholeAtLeast(value, 1)) problems.push(`${label}: schedule ${id} ${name} must be a whole number ≥ 1, got ${value}`);
    }
    if (min !== undefined && max !== undefined && min > max) problems.push(`${label}: schedule ${id} minInstanceCount (${min}) exceeds its maxInstanceCount (${max})`);
    if (requireMultiAz && min !== undefined && min < 2) problems.push(`${label}: schedule ${id} minInstanceCount must be ≥ 2 to span Availability Zones, got ${min}`);
  }
  return problems;
}

function serverlessProblems(label: string, capacity: ResolvedServerlessCapacity): string[] {
  const problems: string[] = [];
  const { memorySizeInMB, maxConcurrency, provisionedConcurrency } = capacity;
  if (!SERVERLESS_MEMORY_SIZES.includes(memorySizeInMB)) problems.push(`${label}: memorySizeInMB must be one of ${SERVERLESS_MEMORY_SIZES.join(', ')}, got ${memorySizeInMB}`);
  if (!(isWholeAtLeast(maxConcurrency, 1) && maxConcurrency <= 200)) problems.push(`${label}: maxConcurrency must be a whole number from 1 to 200, got ${maxConcurrency}`);
  if (provisionedConcurrency !== undefined && !(isWholeAtLeast(provisionedConcurrency, 1) && provisionedConcurrency <= maxConcurrency)) {
    problems.push(`${label}: provisionedConcurrency must be a whole number from 1 to maxConcurrency (${maxConcurrency}), got ${provisionedConcurrency}`);
  }
  return problems;
}

/** Features SageMaker does not offer on serverless endpoints (see the sources above). */
function serverlessExclusionProblems(settings: EndpointSettings): string[] {
  const serverless = [...settings.variants, ...(settings.shadowVariant ? [settings.shadowVariant] : [])]
    .filter((variant) => variant.capacity.kind === 'serverless');
  if (serverless.length === 0) return [];
  const label = `serverless variant ${serverless.map((variant) => variant.variantName).join(', ')}`;
  const problems: string[] = [];
  if (settings.variants.length > 1 || settings.shadowVariant !== undefined) problems.push(`${label}: serverless endpoints support one production variant and no shadow variant`);
  if (settings.network !== undefined) problems.push(`${label}: serverless endpoints cannot run in a VPC (network)`);
  if (settings.networkIsolation === true) problems.push(`${label}: serverless endpoints do not support networkIsolation`);
  if (settings.dataCapture !== undefined) problems.push(`${label}: serverless endpoints do not support dataCapture`);
  if (settings.volumeEncryption) problems.push(`${label}: serverless endpoints have no instance storage volume for volumeEncryptionKey`);
  return problems;
}
