import { vcpuCount } from './instance-types';

/**
 * Requests one vCPU serves per second of CPU time on the sagemaker-xgboost:1.7-1 container's own
 * path (Flask + gunicorn, strip/decode, CSV sniff and split, DMatrix, predict, JSON encode), with
 * the bundled model: the smallest of 26.8, 28.3 and 28.7 measured for 1, 10 and 100 records per
 * request, rounded down. Method, command and every figure: docs/BENCHMARKS.md, "Container throughput".
 */
export const MEASURED_REQUESTS_PER_VCPU_SECOND = 26;

/**
 * Share of the measured rate an instance is sized for: 20 % is kept for what the measurement left
 * out (SageMaker's own proxy in front of the container, TLS, request logging, other models' trees).
 */
export const CAPACITY_HEADROOM = 0.8;

/**
 * The default `maxRequestsPerSecondPerInstance` of an instance type: its vCPUs × the measured rate
 * per vCPU × the headroom, rounded down (ml.c5.large 41, ml.c5.xlarge 83, ml.c5.2xlarge 166).
 * Undefined when the type's vCPUs cannot be told from its name.
 */
export function measuredMaxRequestsPerSecond(instanceType: string): number | undefined {
  const vcpus = vcpuCount(instanceType);
  return vcpus === undefined ? undefined : Math.floor(vcpus * MEASURED_REQUESTS_PER_VCPU_SECOND * CAPACITY_HEADROOM);
}
