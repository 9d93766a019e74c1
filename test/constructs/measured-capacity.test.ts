import * as sagemaker from '@aws-cdk/aws-sagemaker-alpha';
import * as fs from 'fs';
import * as path from 'path';
import { CAPACITY_HEADROOM, MEASURED_REQUESTS_PER_VCPU_SECOND, measuredMaxRequestsPerSecond } from '../../lib/endpoint/measured-capacity';
import { ResolvedInstanceCapacity, VariantCapacity } from '../../lib/endpoint/variant-capacity';

const resolved = (props: Parameters<typeof VariantCapacity.instances>[0]) => VariantCapacity.instances(props).resolve() as ResolvedInstanceCapacity;

describe('the default scaling target comes from the measurement', () => {
  test('it grows with the instance type\'s vCPUs: vCPUs × measured rate × headroom, rounded down', () => {
    expect(measuredMaxRequestsPerSecond('ml.c5.large')).toBe(Math.floor(2 * MEASURED_REQUESTS_PER_VCPU_SECOND * CAPACITY_HEADROOM));
    expect(measuredMaxRequestsPerSecond('ml.c5.xlarge')).toBe(Math.floor(4 * MEASURED_REQUESTS_PER_VCPU_SECOND * CAPACITY_HEADROOM));
    expect(measuredMaxRequestsPerSecond('ml.m5.4xlarge')).toBe(Math.floor(16 * MEASURED_REQUESTS_PER_VCPU_SECOND * CAPACITY_HEADROOM));
  });

  test('variants of different instance types get different defaults', () => {
    const large = resolved({ instanceType: sagemaker.InstanceType.C5_LARGE }).maxRequestsPerSecondPerInstance;
    const xlarge = resolved({ instanceType: sagemaker.InstanceType.C5_XLARGE }).maxRequestsPerSecondPerInstance;
    expect(large).toBe(measuredMaxRequestsPerSecond('ml.c5.large'));
    expect(xlarge).toBe(measuredMaxRequestsPerSecond('ml.c5.xlarge'));
    expect(xlarge).toBeGreaterThan(large);
  });

  test('a value given by the user wins over the measured default', () => {
    expect(resolved({ instanceType: sagemaker.InstanceType.C5_XLARGE, autoScaling: { maxRequestsPerSecondPerInstance: 7 } }).maxRequestsPerSecondPerInstance).toBe(7);
  });

  test('the measured rate is the one docs/BENCHMARKS.md records', () => {
    const benchmarks = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'BENCHMARKS.md'), 'utf8');
    expect(benchmarks).toContain(`MEASURED_REQUESTS_PER_VCPU_SECOND = ${MEASURED_REQUESTS_PER_VCPU_SECOND}`);
    expect(benchmarks).toContain(`CAPACITY_HEADROOM = ${CAPACITY_HEADROOM}`);
  });
});
