import { VARIANT_NAME_PATTERN } from '../../../contract/prediction-contract';

/**
 * What monitoring needs to know of a SageMaker endpoint, as plain values: no construct, so any
 * endpoint (instance-based, serverless, A/B variants, a shadow variant) can be described.
 */
export interface MonitoredEndpoint {
  /** The endpoint's name (a token when the endpoint is in the same app). */
  readonly endpointName: string;
  /** Its variants; at least one serves production traffic. */
  readonly variants: MonitoredVariant[];
}

/** A production (or shadow) variant of the endpoint. */
export type MonitoredVariant = MonitoredInstanceVariant | MonitoredServerlessVariant;

interface MonitoredVariantBase {
  /** The variant's name, as in the endpoint config. */
  readonly variantName: string;
  /**
   * A shadow variant receives copies of production requests; its answers never reach a caller, so
   * its alarms are warnings and it is not counted as serving traffic.
   * @default false
   */
  readonly shadow?: boolean;
}

/** A variant on always-on instances, auto scaled on invocations per instance. */
export interface MonitoredInstanceVariant extends MonitoredVariantBase {
  readonly kind: 'instance';
  /** Fewest instances auto scaling keeps. */
  readonly minInstanceCount: number;
  /** Most instances auto scaling adds. */
  readonly maxInstanceCount: number;
  /**
   * Invocations per instance per minute one instance sustains (the ceiling the scaling target is a
   * fraction of): the capacity warning fires near it.
   */
  readonly maxInvocationsPerInstancePerMinute: number;
  /**
   * Invocations per instance per minute that auto scaling tracks; drawn on the dashboard.
   * @default - not drawn
   */
  readonly scalingTargetInvocationsPerInstancePerMinute?: number;
  /** vCPUs of one instance: SageMaker's CPUUtilization runs to 100 % × vCPUs. */
  readonly vcpusPerInstance: number;
}

/** A serverless variant: no instances, concurrency up to a maximum. */
export interface MonitoredServerlessVariant extends MonitoredVariantBase {
  readonly kind: 'serverless';
  /** Most concurrent invocations the variant serves. */
  readonly maxConcurrency: number;
}

/** The problems with an endpoint description (empty when valid), each naming its field. */
export function monitoredEndpointProblems(endpoint: MonitoredEndpoint): string[] {
  const problems: string[] = [];
  if (endpoint.variants.length === 0) problems.push('endpoint.variants must name at least one variant');
  if (endpoint.variants.length > 0 && endpoint.variants.every((v) => v.shadow === true)) {
    problems.push('endpoint.variants must hold at least one variant that is not a shadow');
  }
  const seen = new Set<string>();
  for (const variant of endpoint.variants) {
    const where = `variant "${variant.variantName}"`;
    if (!VARIANT_NAME_PATTERN.test(variant.variantName)) {
      problems.push(`${where}: variantName must be 1–63 letters, digits or inner hyphens`);
    }
    if (seen.has(variant.variantName)) problems.push(`${where} is listed twice`);
    seen.add(variant.variantName);
    if (variant.kind === 'instance') {
      const counts = { minInstanceCount: variant.minInstanceCount, maxInstanceCount: variant.maxInstanceCount, vcpusPerInstance: variant.vcpusPerInstance };
      for (const [name, value] of Object.entries(counts)) {
        if (!Number.isInteger(value) || value < 1) problems.push(`${where}: ${name} must be a whole number ≥ 1, got ${value}`);
      }
      if (variant.maxInstanceCount < variant.minInstanceCount) {
        problems.push(`${where}: maxInstanceCount (${variant.maxInstanceCount}) must not be below minInstanceCount (${variant.minInstanceCount})`);
      }
      if (!(variant.maxInvocationsPerInstancePerMinute > 0)) {
        problems.push(`${where}: maxInvocationsPerInstancePerMinute must be > 0, got ${variant.maxInvocationsPerInstancePerMinute}`);
      }
      const target = variant.scalingTargetInvocationsPerInstancePerMinute;
      if (target !== undefined && !(target > 0 && target <= variant.maxInvocationsPerInstancePerMinute)) {
        problems.push(`${where}: scalingTargetInvocationsPerInstancePerMinute must be in (0, maxInvocationsPerInstancePerMinute], got ${target}`);
      }
    } else if (!Number.isInteger(variant.maxConcurrency) || variant.maxConcurrency < 1 || variant.maxConcurrency > 200) {
      // ProductionVariantServerlessConfig.MaxConcurrency: 1 to 200 (SageMaker API reference).
      problems.push(`${where}: maxConcurrency must be a whole number from 1 to 200, got ${variant.maxConcurrency}`);
    }
  }
  return problems;
}
