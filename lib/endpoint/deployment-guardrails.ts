import { Duration } from 'aws-cdk-lib';
import { CfnEndpoint } from 'aws-cdk-lib/aws-sagemaker';
import { ResolvedCapacity } from './variant-capacity';

// Limits from the SageMaker API reference (API_BlueGreenUpdatePolicy, API_TrafficRoutingConfig):
// WaitIntervalInSeconds 0..3600, TerminationWaitInSeconds 0..3600,
// MaximumExecutionTimeoutInSeconds 600..28800 and larger than the waits; a canary is at most 50% and
// a linear step 10-50% of the variant's instance count.
const MAX_WAIT_SECONDS = 3600;
const MIN_EXECUTION_TIMEOUT_SECONDS = 600;
const MAX_EXECUTION_TIMEOUT_SECONDS = 28800;

/** How much of the new fleet takes traffic in one step. */
export class ShiftSize {
  /** A number of instances (instance variants only). */
  public static instances(count: number): ShiftSize {
    return new ShiftSize('INSTANCE_COUNT', count);
  }

  /** A percentage of the variant's capacity. */
  public static percent(percent: number): ShiftSize {
    return new ShiftSize('CAPACITY_PERCENT', percent);
  }

  private constructor(
    /** SageMaker's capacity type. */
    public readonly type: 'INSTANCE_COUNT' | 'CAPACITY_PERCENT',
    /** Instances or percent. */
    public readonly value: number,
  ) {}

  /** This size as a fraction of `instanceCount` instances. */
  public fractionOf(instanceCount: number): number {
    return this.type === 'INSTANCE_COUNT' ? this.value / instanceCount : this.value / 100;
  }

  public toString(): string {
    return this.type === 'INSTANCE_COUNT' ? `${this.value} instance(s)` : `${this.value}%`;
  }
}

/** How traffic moves from the old fleet to the new one during a blue/green deployment. */
export class TrafficShifting {
  /** All traffic moves at once; the old fleet stays for the bake time. */
  public static allAtOnce(): TrafficShifting {
    return new TrafficShifting('ALL_AT_ONCE');
  }

  /** A canary takes `size` of the traffic for `wait`, then the rest moves. */
  public static canary(props: { readonly size: ShiftSize; readonly wait: Duration }): TrafficShifting {
    return new TrafficShifting('CANARY', props.size, props.wait);
  }

  /** Traffic moves in steps of `stepSize`, `wait` apart. */
  public static linear(props: { readonly stepSize: ShiftSize; readonly wait: Duration }): TrafficShifting {
    return new TrafficShifting('LINEAR', props.stepSize, props.wait);
  }

  private constructor(
    /** SageMaker's traffic routing type. */
    public readonly type: 'ALL_AT_ONCE' | 'CANARY' | 'LINEAR',
    /** Canary size or linear step. */
    public readonly size?: ShiftSize,
    /** Wait between steps. */
    public readonly wait?: Duration,
  ) {}
}

/** How the endpoint moves to a new configuration (a new model, instance type, weights...). */
export interface DeploymentGuardrailsOptions {
  /**
   * Traffic shifting of the blue/green deployment.
   * @default TrafficShifting.allAtOnce()
   */
  readonly trafficShifting?: TrafficShifting;
  /**
   * Baking period: how long the old fleet stays after all traffic moved, ready for a rollback.
   * @default Duration.minutes(5)
   */
  readonly bakeTime?: Duration;
  /**
   * Longest a deployment may take; must exceed the waits plus the bake time.
   * @default Duration.hours(1)
   */
  readonly maximumExecutionTimeout?: Duration;
  /**
   * Roll back automatically when a rollback alarm (5XX error rate, p99 model latency) goes off
   * during the deployment.
   * @default true
   */
  readonly autoRollback?: boolean;
}

/** The guardrails with every default applied. */
export interface ResolvedDeploymentGuardrails {
  readonly trafficShifting: TrafficShifting;
  readonly bakeTime: Duration;
  readonly maximumExecutionTimeout: Duration;
  readonly autoRollback: boolean;
}

/** Applies the defaults. */
export function resolveDeploymentGuardrails(options: DeploymentGuardrailsOptions = {}): ResolvedDeploymentGuardrails {
  return {
    trafficShifting: options.trafficShifting ?? TrafficShifting.allAtOnce(),
    bakeTime: options.bakeTime ?? Duration.minutes(5),
    maximumExecutionTimeout: options.maximumExecutionTimeout ?? Duration.hours(1),
    autoRollback: options.autoRollback ?? true,
  };
}

/** The problems of the guardrails for these production variants (empty when valid). */
export function deploymentGuardrailsProblems(guardrails: ResolvedDeploymentGuardrails, variants: readonly ResolvedCapacity[]): string[] {
  const problems: string[] = [];
  const { trafficShifting: shifting } = guardrails;
  const waitSeconds = shifting.wait?.toSeconds() ?? 0;
  const bakeSeconds = guardrails.bakeTime.toSeconds();
  const timeoutSeconds = guardrails.maximumExecutionTimeout.toSeconds();
  if (waitSeconds > MAX_WAIT_SECONDS) problems.push(`deployment traffic-shifting wait must be at most 1 hour, got ${waitSeconds} s`);
  if (bakeSeconds > MAX_WAIT_SECONDS) problems.push(`deployment bakeTime must be at most 1 hour, got ${bakeSeconds} s`);
  if (timeoutSeconds < MIN_EXECUTION_TIMEOUT_SECONDS || timeoutSeconds > MAX_EXECUTION_TIMEOUT_SECONDS) {
    problems.push(`deployment maximumExecutionTimeout must be 10 minutes to 8 hours, got ${timeoutSeconds} s`);
  }
  if (timeoutSeconds <= waitSeconds + bakeSeconds) {
    problems.push(`deployment maximumExecutionTimeout (${timeoutSeconds} s) must exceed the shifting wait plus the bake time (${waitSeconds + bakeSeconds} s)`);
  }
  const size = shifting.size;
  if (size === undefined) return problems;
  if (!Number.isInteger(size.value) || size.value < 1) problems.push(`deployment ${shifting.type} size must be a whole number ≥ 1, got ${size.value}`);
  const [lowest, highest, allowed] = shifting.type === 'CANARY' ? [0, 0.5, 'at most 50%'] : [0.1, 0.5, '10-50%'];
  for (const variant of variants) {
    if (variant.kind === 'serverless') {
      if (size.type === 'INSTANCE_COUNT') problems.push(`deployment ${shifting.type} size in instances needs instance variants; use ShiftSize.percent for a serverless variant`);
      continue;
    }
    // The fleet is at least minInstanceCount strong when a deployment starts.
    const fraction = size.fractionOf(variant.minInstanceCount);
    if (fraction > highest || fraction < lowest) {
      problems.push(`deployment ${shifting.type} size ${size} must be ${allowed} of a variant's ${variant.minInstanceCount} minimum instance(s)`);
    }
  }
  return problems;
}

/** The endpoint's `DeploymentConfig`: blue/green with the traffic shifting, and the rollback alarms. */
export function renderDeploymentConfig(guardrails: ResolvedDeploymentGuardrails, rollbackAlarmNames: readonly string[]): CfnEndpoint.DeploymentConfigProperty {
  const { trafficShifting: shifting } = guardrails;
  const size = shifting.size === undefined ? undefined : { type: shifting.size.type, value: shifting.size.value };
  return {
    blueGreenUpdatePolicy: {
      trafficRoutingConfiguration: {
        type: shifting.type,
        // Required by the SageMaker API reference (TrafficRoutingConfig: WaitIntervalInSeconds,
        // "Required: Yes", 0-3600) for every type, ALL_AT_ONCE included, where no step waits.
        waitIntervalInSeconds: shifting.wait?.toSeconds() ?? 0,
        canarySize: shifting.type === 'CANARY' ? size : undefined,
        linearStepSize: shifting.type === 'LINEAR' ? size : undefined,
      },
      terminationWaitInSeconds: guardrails.bakeTime.toSeconds(),
      maximumExecutionTimeoutInSeconds: guardrails.maximumExecutionTimeout.toSeconds(),
    },
    autoRollbackConfiguration: guardrails.autoRollback && rollbackAlarmNames.length > 0
      ? { alarms: rollbackAlarmNames.map((alarmName) => ({ alarmName })) }
      : undefined,
  };
}
