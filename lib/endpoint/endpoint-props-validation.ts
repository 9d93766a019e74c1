import { Duration } from 'aws-cdk-lib';
import { VARIANT_NAME_PATTERN } from '../../contract/prediction-contract';
import { availabilityZoneCount } from '../network/model-network';
import { deploymentGuardrailsProblems, ResolvedDeploymentGuardrails } from './deployment-guardrails';
import { instanceTypeProblem } from './instance-types';
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
// - Instance types: see instance-types.ts.
const SERVERLESS_MEMORY_SIZES = [1024, 2048, 3072, 4096, 5120, 6144];
const MAX_PRODUCTION_VARIANTS = 10;
const MAX_ROLLBACK_ALARMS = 10;

/** A variant with its defaults applied. */
export interface ResolvedVariant {
  /** Where the user declared it: `variants[1]`, `shadowVariant`; unset for the single default variant. */
  readonly path?: string;
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
  /** Subnets' Availability Zones (when known), when the model runs in a VPC. */
  readonly network?: { readonly subnetAvailabilityZones?: readonly string[] };
  /** The explicit choice, if any. */
  readonly networkIsolation?: boolean;
  readonly dataCapture?: { readonly samplingPercentage: number; readonly retention: Duration };
  readonly deployment: ResolvedDeploymentGuardrails;
  readonly maxErrorRatePercent: number;
  readonly modelLatencyP99Threshold: Duration;
  readonly requireMultiAz: boolean;
}

const isWholeAtLeast = (value: number, minimum: number) => Number.isInteger(value) && value >= minimum;

/** Names a prop of the endpoint as the user wrote it (the service's groups put some elsewhere). */
export type PropPath = (prop: string) => string;

/** Every problem of the settings, each starting with the path of its prop (empty when valid). */
export function endpointSettingsProblems(settings: EndpointSettings, at: PropPath = (prop) => prop): string[] {
  const problems: string[] = [];
  const capacityAt = (variant: ResolvedVariant) => at((variant.path ?? '') === '' ? 'capacity' : `${variant.path}.capacity`);
  const variantAt = (variant: ResolvedVariant, prop: string) => at((variant.path ?? '') === '' ? prop : `${variant.path}.${prop}`);
  const { variants, shadowVariant } = settings;
  if (settings.variantsAndShorthandBothGiven) {
    problems.push(`${at('variants')}: give either variants or the single-variant model/modelData/capacity, not both`);
  }
  if (variants.length < 1 || variants.length > MAX_PRODUCTION_VARIANTS) {
    problems.push(`${at('variants')} must list 1 to ${MAX_PRODUCTION_VARIANTS} production variants, got ${variants.length}`);
  }
  const all = shadowVariant === undefined ? variants : [...variants, shadowVariant];
  const names = all.map((variant) => variant.variantName);
  for (const name of new Set(names.filter((name, index) => names.indexOf(name) !== index))) {
    problems.push(`${at('variants')}: variant name "${name}" is used more than once`);
  }
  for (const variant of all) {
    if (!VARIANT_NAME_PATTERN.test(variant.variantName)) {
      problems.push(`${variantAt(variant, 'variantName')} "${variant.variantName}" must be 1-63 letters, digits and hyphens, starting and ending with a letter or digit`);
    }
    if (!(Number.isFinite(variant.initialWeight) && variant.initialWeight > 0)) {
      problems.push(`${variantAt(variant, 'initialWeight')} must be > 0, got ${variant.initialWeight}`);
    }
    const capacity = variant.capacity;
    const requireMultiAz = settings.requireMultiAz && variant !== shadowVariant;
    problems.push(...(capacity.kind === 'instances'
      ? instanceProblems(capacityAt(variant), capacity, requireMultiAz, settings.volumeEncryption)
      : serverlessProblems(capacityAt(variant), capacity)));
  }
  if (shadowVariant !== undefined && variants.length !== 1) {
    problems.push(`${at('shadowVariant')} needs exactly one production variant, got ${variants.length}`);
  }
  problems.push(...serverlessExclusionProblems(settings, at));
  const productionNames = variants.map((variant) => variant.variantName);
  for (const name of settings.targetableVariantNames) {
    if (name === shadowVariant?.variantName) problems.push(`${at('targetableVariantNames')}: "${name}" is the shadow variant; requests cannot target it`);
    else if (!productionNames.includes(name)) problems.push(`${at('targetableVariantNames')}: "${name}" is not a production variant (${productionNames.join(', ')})`);
  }
  if (settings.network?.subnetAvailabilityZones !== undefined) {
    const zones = availabilityZoneCount(settings.network.subnetAvailabilityZones);
    if (zones < 2) problems.push(`${at('network')} subnets must span at least 2 Availability Zones, got ${zones}`);
  }
  if (settings.dataCapture !== undefined) {
    const { samplingPercentage, retention } = settings.dataCapture;
    if (!(isWholeAtLeast(samplingPercentage, 1) && samplingPercentage <= 100)) {
      problems.push(`${at('dataCapture.samplingPercentage')} must be a whole number from 1 to 100, got ${samplingPercentage}`);
    }
    if (!isWholeAtLeast(retention.toSeconds() / 86400, 1)) problems.push(`${at('dataCapture.retention')} must be whole days, at least 1, got ${retention.toHumanString()}`);
  }
  problems.push(...deploymentGuardrailsProblems(settings.deployment, variants.map((variant) => variant.capacity)).map((problem) => at(problem)));
  if (!(settings.maxErrorRatePercent > 0 && settings.maxErrorRatePercent <= 100)) {
    problems.push(`${at('rollbackAlarms.maxErrorRatePercent')} must be in (0, 100], got ${settings.maxErrorRatePercent}`);
  }
  if (!(settings.modelLatencyP99Threshold.toMilliseconds() > 0)) problems.push(`${at('rollbackAlarms.modelLatencyP99Threshold')} must be > 0`);
  if (settings.deployment.autoRollback && variants.length * 2 > MAX_ROLLBACK_ALARMS) {
    problems.push(`${at('deployment.autoRollback')} takes at most ${MAX_ROLLBACK_ALARMS} alarms (2 per production variant); ${variants.length} variants need ${variants.length * 2}`);
  }
  return problems;
}

function instanceProblems(at: string, capacity: ResolvedInstanceCapacity, requireMultiAz: boolean, volumeEncryption: boolean): string[] {
  const problems: string[] = [];
  const { instanceType, initialInstanceCount, minInstanceCount, maxInstanceCount } = capacity;
  const scaling = `${at}.autoScaling`;
  const instanceProblem = instanceTypeProblem(instanceType, volumeEncryption);
  if (instanceProblem !== undefined) problems.push(`${at}.instanceType ${instanceProblem}`);
  const counts = { [`${at}.initialInstanceCount`]: initialInstanceCount, [`${scaling}.minInstanceCount`]: minInstanceCount, [`${scaling}.maxInstanceCount`]: maxInstanceCount };
  for (const [path, value] of Object.entries(counts)) {
    if (!isWholeAtLeast(value, 1)) problems.push(`${path} must be a whole number ≥ 1, got ${value}`);
  }
  if (minInstanceCount > maxInstanceCount) {
    problems.push(`${scaling}.minInstanceCount (${minInstanceCount}) must not exceed ${scaling}.maxInstanceCount (${maxInstanceCount})`);
  } else {
    if (minInstanceCount > initialInstanceCount) problems.push(`${scaling}.minInstanceCount (${minInstanceCount}) must not exceed ${at}.initialInstanceCount (${initialInstanceCount})`);
    if (maxInstanceCount < initialInstanceCount) problems.push(`${scaling}.maxInstanceCount (${maxInstanceCount}) must not be below ${at}.initialInstanceCount (${initialInstanceCount})`);
  }
  if (requireMultiAz && initialInstanceCount < 2) problems.push(`${at}.initialInstanceCount must be ≥ 2 to span Availability Zones (requireMultiAz), got ${initialInstanceCount}`);
  if (requireMultiAz && minInstanceCount < 2) problems.push(`${scaling}.minInstanceCount must be ≥ 2 to span Availability Zones (requireMultiAz), got ${minInstanceCount}`);
  if (!(capacity.maxRequestsPerSecondPerInstance > 0)) problems.push(`${scaling}.maxRequestsPerSecondPerInstance must be > 0, got ${capacity.maxRequestsPerSecondPerInstance}`);
  if (!(capacity.scalingSafetyFactor > 0 && capacity.scalingSafetyFactor <= 1)) problems.push(`${scaling}.scalingSafetyFactor must be in (0, 1], got ${capacity.scalingSafetyFactor}`);
  if (!(capacity.cpuUtilizationTargetPercent > 0 && capacity.cpuUtilizationTargetPercent <= 100)) {
    problems.push(`${scaling}.cpuUtilizationTargetPercent must be in (0, 100], got ${capacity.cpuUtilizationTargetPercent}`);
  }
  if (capacity.scaleInCooldown.toSeconds() < capacity.scaleOutCooldown.toSeconds()) {
    problems.push(`${scaling}.scaleInCooldown (${capacity.scaleInCooldown.toSeconds()} s) must not be shorter than scaleOutCooldown (${capacity.scaleOutCooldown.toSeconds()} s)`);
  }
  if (!capacity.autoScalingEnabled && capacity.schedules.length > 0) problems.push(`${scaling}.schedules need auto scaling, which is disabled`);
  const ids = new Set<string>();
  for (const scheduled of capacity.schedules) {
    const { id, minInstanceCount: min, maxInstanceCount: max } = scheduled;
    const schedule = `${scaling}.schedules (${id})`;
    if (ids.has(id)) problems.push(`${scaling}.schedules: id "${id}" is used more than once`);
    ids.add(id);
    if (min === undefined && max === undefined) problems.push(`${schedule} must set minInstanceCount, maxInstanceCount or both`);
    for (const [name, value] of Object.entries({ minInstanceCount: min, maxInstanceCount: max })) {
      if (value !== undefined && !isWholeAtLeast(value, 1)) problems.push(`${schedule}.${name} must be a whole number ≥ 1, got ${value}`);
    }
    if (min !== undefined && max !== undefined && min > max) problems.push(`${schedule}.minInstanceCount (${min}) must not exceed its maxInstanceCount (${max})`);
    if (requireMultiAz && min !== undefined && min < 2) problems.push(`${schedule}.minInstanceCount must be ≥ 2 to span Availability Zones (requireMultiAz), got ${min}`);
  }
  return problems;
}

function serverlessProblems(label: string, capacity: ResolvedServerlessCapacity): string[] {
  const problems: string[] = [];
  const { memorySizeInMB, maxConcurrency, provisionedConcurrency } = capacity;
  if (!SERVERLESS_MEMORY_SIZES.includes(memorySizeInMB)) problems.push(`${label}.memorySizeInMB must be one of ${SERVERLESS_MEMORY_SIZES.join(', ')}, got ${memorySizeInMB}`);
  if (!(isWholeAtLeast(maxConcurrency, 1) && maxConcurrency <= 200)) problems.push(`${label}.maxConcurrency must be a whole number from 1 to 200, got ${maxConcurrency}`);
  if (provisionedConcurrency !== undefined && !(isWholeAtLeast(provisionedConcurrency, 1) && provisionedConcurrency <= maxConcurrency)) {
    problems.push(`${label}.provisionedConcurrency must be a whole number from 1 to maxConcurrency (${maxConcurrency}), got ${provisionedConcurrency}`);
  }
  return problems;
}

/** Features SageMaker does not offer on serverless endpoints (see the sources above). */
function serverlessExclusionProblems(settings: EndpointSettings, at: PropPath): string[] {
  const serverless = [...settings.variants, ...(settings.shadowVariant ? [settings.shadowVariant] : [])]
    .filter((variant) => variant.capacity.kind === 'serverless');
  if (serverless.length === 0) return [];
  const problems: string[] = [];
  const notServerless = 'is not available with serverless capacity';
  if (settings.variants.length > 1 || settings.shadowVariant !== undefined) problems.push(`${at('variants')}: serverless endpoints support one production variant and no shadow variant`);
  if (settings.network !== undefined) problems.push(`${at('network')} ${notServerless}: serverless endpoints cannot run in a VPC`);
  if (settings.networkIsolation === true) problems.push(`${at('networkIsolation')} ${notServerless}`);
  if (settings.dataCapture !== undefined) problems.push(`${at('dataCapture')} ${notServerless}`);
  if (settings.volumeEncryption) problems.push(`${at('volumeEncryptionKey')} ${notServerless}: there is no instance storage volume to encrypt`);
  return problems;
}
