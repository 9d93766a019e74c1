import * as sagemaker from '@aws-cdk/aws-sagemaker-alpha';
import { Duration, TimeZone } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import { measuredMaxRequestsPerSecond } from './measured-capacity';

/** A scheduled change of a variant's instance-count bounds, e.g. a lower floor at night. */
export interface ScheduledInstanceCount {
  /** Construct id of the scheduled action; unique within the variant. */
  readonly id: string;
  /** When the bounds change (a cron or `at` expression). */
  readonly schedule: appscaling.Schedule;
  /**
   * The minimum from then on.
   * @default - unchanged; give this, `maxInstanceCount`, or both
   */
  readonly minInstanceCount?: number;
  /**
   * The maximum from then on.
   * @default - unchanged; give this, `minInstanceCount`, or both
   */
  readonly maxInstanceCount?: number;
  /**
   * Time zone of a cron schedule.
   * @default - UTC
   */
  readonly timeZone?: TimeZone;
}

/** How an instance-based variant scales. Set min = max to pin the count. */
export interface InstanceAutoScalingOptions {
  /**
   * Whether the variant is registered with Application Auto Scaling. `false` removes its scalable
   * target (deregisters it) and leaves the instance count as it is: SageMaker refuses to change
   * the instance type of a registered variant, so docs/OPERATIONS.md ("Instance type change") turns
   * this off for that.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Fewest instances.
   * @default - the variant's initialInstanceCount
   */
  readonly minInstanceCount?: number;
  /**
   * Most instances.
   * @default - twice minInstanceCount
   */
  readonly maxInstanceCount?: number;
  /**
   * Requests per second one instance sustains at acceptable latency (measure it with a load test).
   * The invocations policy targets `maxRequestsPerSecondPerInstance × scalingSafetyFactor × 60`
   * invocations per instance per minute.
   * @default - measured: the instance type's vCPUs × 26 requests per vCPU-second × 0.8 headroom
   * (ml.c5.large 41, ml.c5.xlarge 83; see measuredMaxRequestsPerSecond and docs/BENCHMARKS.md);
   * 100 for a type whose vCPUs are unknown
   */
  readonly maxRequestsPerSecondPerInstance?: number;
  /**
   * Fraction of the per-instance capacity at which scaling adds instances, in (0, 1].
   * @default 0.5
   */
  readonly scalingSafetyFactor?: number;
  /**
   * Average CPU use, in percent of all of an instance's vCPUs, that the CPU policy keeps. One
   * invocation may carry 1 or 100 records, so invocations alone under-count heavy traffic.
   * @default 70
   */
  readonly cpuUtilizationTargetPercent?: number;
  /**
   * Wait after a scale-out before the next one.
   * @default Duration.minutes(1)
   */
  readonly scaleOutCooldown?: Duration;
  /**
   * Wait after a scale-in before the next one; longer than scale-out so capacity leaves slowly.
   * @default Duration.minutes(5)
   */
  readonly scaleInCooldown?: Duration;
  /**
   * Scheduled changes of the bounds.
   * @default - none
   */
  readonly schedules?: ScheduledInstanceCount[];
}

/** An instance-based variant's compute. */
export interface InstanceCapacityProps {
  /**
   * Instance type, as a name (`'ml.c5.xlarge'`) or `sagemaker.InstanceType`. Burstable (ml.t*)
   * types are rejected: SageMaker cannot auto scale them.
   * @default 'ml.c5.large'
   */
  readonly instanceType?: string | sagemaker.InstanceType;
  /**
   * Instances at creation. With two or more, SageMaker spreads them over Availability Zones.
   * @default - `autoScaling.minInstanceCount` when given, else 2
   */
  readonly initialInstanceCount?: number;
  /**
   * Auto scaling bounds and targets.
   * @default - min = initialInstanceCount, max = twice that, default targets
   */
  readonly autoScaling?: InstanceAutoScalingOptions;
}

/** A serverless variant's compute: nothing is paid while it is idle (unless provisioned). */
export interface ServerlessCapacityProps {
  /**
   * Memory of each concurrent execution, in MB: 1024, 2048, 3072, 4096, 5120 or 6144.
   * @default 2048
   */
  readonly memorySizeInMB?: number;
  /**
   * Most concurrent invocations, 1 to 200; more are throttled.
   * @default 5
   */
  readonly maxConcurrency?: number;
  /**
   * Executions kept warm (and paid for) to avoid cold starts, 1 to maxConcurrency. Fixed: Application
   * Auto Scaling of provisioned concurrency is not supported through CloudFormation.
   * @default - none: every execution starts on demand
   */
  readonly provisionedConcurrency?: number;
}

/** Defaults of instance capacity, shared by rendering and validation. */
export const INSTANCE_DEFAULTS = {
  instanceType: 'ml.c5.large',
  initialInstanceCount: 2,
  /** For instance types whose vCPUs are unknown; others default to measuredMaxRequestsPerSecond. */
  maxRequestsPerSecondPerInstance: 100,
  scalingSafetyFactor: 0.5,
  cpuUtilizationTargetPercent: 70,
} as const;

/** Defaults of serverless capacity. */
export const SERVERLESS_DEFAULTS = { memorySizeInMB: 2048, maxConcurrency: 5 } as const;

/** Instance capacity with every default applied. */
export interface ResolvedInstanceCapacity {
  readonly kind: 'instances';
  readonly autoScalingEnabled: boolean;
  readonly instanceType: string;
  readonly initialInstanceCount: number;
  readonly minInstanceCount: number;
  readonly maxInstanceCount: number;
  readonly maxRequestsPerSecondPerInstance: number;
  readonly scalingSafetyFactor: number;
  readonly cpuUtilizationTargetPercent: number;
  readonly scaleOutCooldown: Duration;
  readonly scaleInCooldown: Duration;
  readonly schedules: ScheduledInstanceCount[];
}

/** Serverless capacity with every default applied. */
export interface ResolvedServerlessCapacity {
  readonly kind: 'serverless';
  readonly memorySizeInMB: number;
  readonly maxConcurrency: number;
  readonly provisionedConcurrency?: number;
}

export type ResolvedCapacity = ResolvedInstanceCapacity | ResolvedServerlessCapacity;

/**
 * How a production variant gets compute: instances that auto scale, or serverless. Checked by the
 * endpoint that uses it, together with everything else, so one error names every problem.
 */
export abstract class VariantCapacity {
  /** Always-on instances with target-tracking auto scaling. */
  public static instances(props: InstanceCapacityProps = {}): VariantCapacity {
    return new InstanceCapacity(props);
  }

  /** Serverless inference: scales with traffic, down to nothing. */
  public static serverless(props: ServerlessCapacityProps = {}): VariantCapacity {
    return new ServerlessCapacity(props);
  }

  /** The settings with every default applied. */
  public abstract resolve(): ResolvedCapacity;
}

class InstanceCapacity extends VariantCapacity {
  constructor(private readonly props: InstanceCapacityProps) {
    super();
  }

  public resolve(): ResolvedInstanceCapacity {
    const scaling = this.props.autoScaling ?? {};
    const initialInstanceCount = this.props.initialInstanceCount ?? scaling.minInstanceCount ?? INSTANCE_DEFAULTS.initialInstanceCount;
    const minInstanceCount = scaling.minInstanceCount ?? initialInstanceCount;
    const instanceType = this.props.instanceType?.toString() ?? INSTANCE_DEFAULTS.instanceType;
    return {
      kind: 'instances',
      autoScalingEnabled: scaling.enabled ?? true,
      instanceType,
      initialInstanceCount,
      minInstanceCount,
      maxInstanceCount: scaling.maxInstanceCount ?? minInstanceCount * 2,
      maxRequestsPerSecondPerInstance: scaling.maxRequestsPerSecondPerInstance
        ?? measuredMaxRequestsPerSecond(instanceType) ?? INSTANCE_DEFAULTS.maxRequestsPerSecondPerInstance,
      scalingSafetyFactor: scaling.scalingSafetyFactor ?? INSTANCE_DEFAULTS.scalingSafetyFactor,
      cpuUtilizationTargetPercent: scaling.cpuUtilizationTargetPercent ?? INSTANCE_DEFAULTS.cpuUtilizationTargetPercent,
      scaleOutCooldown: scaling.scaleOutCooldown ?? Duration.minutes(1),
      scaleInCooldown: scaling.scaleInCooldown ?? Duration.minutes(5),
      schedules: scaling.schedules ?? [],
    };
  }
}

class ServerlessCapacity extends VariantCapacity {
  constructor(private readonly props: ServerlessCapacityProps) {
    super();
  }

  public resolve(): ResolvedServerlessCapacity {
    return {
      kind: 'serverless',
      memorySizeInMB: this.props.memorySizeInMB ?? SERVERLESS_DEFAULTS.memorySizeInMB,
      maxConcurrency: this.props.maxConcurrency ?? SERVERLESS_DEFAULTS.maxConcurrency,
      provisionedConcurrency: this.props.provisionedConcurrency,
    };
  }
}
