import * as sagemaker from '@aws-cdk/aws-sagemaker-alpha';
import { VariantCapacity } from '../../lib/endpoint/variant-capacity';
import { monitoredEndpointOf } from '../../lib/monitoring/endpoint/monitored-endpoint-of';

describe('monitoredEndpointOf', () => {
  test('instance variants: bounds, per-instance ceiling and scaling target per minute, vCPUs of the type', () => {
    const described = monitoredEndpointOf({
      endpointName: 'churn',
      variants: [{
        variantName: 'Blue',
        initialWeight: 1,
        capacity: VariantCapacity.instances({
          instanceType: sagemaker.InstanceType.M5_2XLARGE,
          initialInstanceCount: 3,
          autoScaling: { minInstanceCount: 2, maxInstanceCount: 7, maxRequestsPerSecondPerInstance: 40, scalingSafetyFactor: 0.75 },
        }).resolve(),
      }],
    });
    expect(described).toEqual({
      endpointName: 'churn',
      variants: [{
        kind: 'instance', variantName: 'Blue', minInstanceCount: 2, maxInstanceCount: 7,
        maxInvocationsPerInstancePerMinute: 2400, scalingTargetInvocationsPerInstancePerMinute: 1800, vcpusPerInstance: 8,
      }],
    });
  });

  test('with auto scaling off: no scaling target to draw', () => {
    const [variant] = monitoredEndpointOf({
      endpointName: 'churn',
      variants: [{ variantName: 'AllTraffic', initialWeight: 1, capacity: VariantCapacity.instances({ autoScaling: { enabled: false } }).resolve() }],
    }).variants;
    expect(variant).toMatchObject({ kind: 'instance', minInstanceCount: 2, maxInstanceCount: 4, vcpusPerInstance: 2, scalingTargetInvocationsPerInstancePerMinute: undefined });
  });

  test('a serverless variant with its maximum concurrency; the shadow variant last, marked as a shadow', () => {
    const described = monitoredEndpointOf({
      endpointName: 'churn',
      variants: [{ variantName: 'Live', initialWeight: 1, capacity: VariantCapacity.serverless({ maxConcurrency: 20 }).resolve() }],
      shadowVariant: { variantName: 'Candidate', initialWeight: 0.1, capacity: VariantCapacity.serverless().resolve() },
    });
    expect(described.variants).toEqual([
      { kind: 'serverless', variantName: 'Live', maxConcurrency: 20 },
      { kind: 'serverless', variantName: 'Candidate', maxConcurrency: 5, shadow: true },
    ]);
  });

  test('When an instance type has no known vCPU count (the endpoint refuses it too): an error names the variant', () => {
    expect(() => monitoredEndpointOf({
      endpointName: 'churn',
      variants: [{ variantName: 'Metal', initialWeight: 1, capacity: VariantCapacity.instances({ instanceType: sagemaker.InstanceType.of('ml.c5.metal') }).resolve() }],
    })).toThrow('variant "Metal": cannot tell the vCPUs of instance type ml.c5.metal');
  });
});
