import { ResolvedVariant } from '../../endpoint/endpoint-props-validation';
import { vcpuCount } from '../../endpoint/instance-types';
import { MonitoredEndpoint, MonitoredVariant } from './monitored-endpoint';

/** What monitoring reads of an endpoint construct (ChurnModelEndpoint has it). */
export interface DescribableEndpoint {
  /** The endpoint's name. */
  readonly endpointName: string;
  /** Production variants, every default applied. */
  readonly variants: readonly ResolvedVariant[];
  /**
   * The shadow variant, every default applied.
   * @default - none
   */
  readonly shadowVariant?: ResolvedVariant;
}

/**
 * The endpoint as monitoring sees it, from the variants it actually deploys: instance variants with
 * their scaling bounds, per-instance ceiling, scaling target and vCPUs; serverless variants with
 * their maximum concurrency; the shadow variant marked so its alarms only warn.
 */
export function monitoredEndpointOf(endpoint: DescribableEndpoint): MonitoredEndpoint {
  return {
    endpointName: endpoint.endpointName,
    variants: [
      ...endpoint.variants.map((variant) => monitoredVariantOf(variant, false)),
      ...(endpoint.shadowVariant === undefined ? [] : [monitoredVariantOf(endpoint.shadowVariant, true)]),
    ],
  };
}

function monitoredVariantOf(variant: ResolvedVariant, shadow: boolean): MonitoredVariant {
  const { variantName, capacity } = variant;
  const shadowFlag = shadow ? { shadow: true } : {};
  if (capacity.kind === 'serverless') {
    return { kind: 'serverless', variantName, maxConcurrency: capacity.maxConcurrency, ...shadowFlag };
  }
  const vcpusPerInstance = vcpuCount(capacity.instanceType);
  // The endpoint refuses instance types whose vCPUs are unknown; this guards other callers.
  if (vcpusPerInstance === undefined) throw new Error(`variant "${variantName}": cannot tell the vCPUs of instance type ${capacity.instanceType}`);
  // InvocationsPerInstance counts per minute; VariantAutoScaling tracks the same product.
  const maxInvocationsPerInstancePerMinute = capacity.maxRequestsPerSecondPerInstance * 60;
  return {
    kind: 'instance',
    variantName,
    minInstanceCount: capacity.minInstanceCount,
    maxInstanceCount: capacity.maxInstanceCount,
    maxInvocationsPerInstancePerMinute,
    // Without auto scaling there is no target to draw.
    scalingTargetInvocationsPerInstancePerMinute: capacity.autoScalingEnabled
      ? maxInvocationsPerInstancePerMinute * capacity.scalingSafetyFactor
      : undefined,
    vcpusPerInstance,
    ...shadowFlag,
  };
}
