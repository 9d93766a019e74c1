/** Always-on endpoint instances that auto scale. */
export interface InstanceCapacitySettings {
  readonly kind: 'instances';
  /** Endpoint instance type, e.g. `ml.c5.large` (not burstable). */
  readonly instanceType: string;
  /** Endpoint instances at creation. */
  readonly initialInstanceCount: number;
  /** Fewest instances auto scaling keeps. */
  readonly minInstanceCount: number;
  /** Most instances auto scaling adds. */
  readonly maxInstanceCount: number;
  /** Requests per second one instance sustains; the invocations scaling target derives from it. */
  readonly maxRequestsPerSecondPerInstance: number;
  /** Average CPU (percent of all vCPUs) the CPU scaling policy keeps. */
  readonly cpuUtilizationTargetPercent: number;
  /**
   * A lower floor outside working hours (non-prod): from 20:00 every day the minimum drops to
   * `minInstanceCount`, and it comes back at 07:00 Monday to Friday, in `timeZone`.
   */
  readonly offHours?: { readonly minInstanceCount: number; readonly timeZone: string };
  /**
   * Whether the variant is registered for auto scaling (default true). Set false for one deploy
   * before changing `instanceType`, and back afterwards (README, "Change the instance type").
   */
  readonly autoScalingEnabled?: boolean;
}

/** A serverless endpoint: nothing paid while idle. */
export interface ServerlessCapacitySettings {
  readonly kind: 'serverless';
  /** Memory per concurrent execution: 1024 to 6144 MB in 1024 MB steps. */
  readonly memorySizeInMB: number;
  /** Most concurrent invocations (1 to 200). */
  readonly maxConcurrency: number;
  /** Executions kept warm (and paid for), if any. */
  readonly provisionedConcurrency?: number;
}

/** How an endpoint update shifts traffic to the new fleet (blue/green). */
export type DeploymentSettings = {
  /** How long the old fleet stays after the shift, ready for a rollback. */
  readonly bakeMinutes: number;
  /** Whether SageMaker rolls back when a rollback alarm goes off (default true). */
  readonly autoRollback?: boolean;
} & (
  | { readonly trafficShifting: 'all-at-once' }
  | {
    readonly trafficShifting: 'canary';
    /** Instances of the new fleet that take traffic first. */
    readonly canaryInstanceCount: number;
    /** How long the canary runs before the rest of the traffic moves. */
    readonly canaryMinutes: number;
  }
);

/** The settings that differ between deployment stages. */
export interface StageSettings {
  /** Stage name; used in the stack name `ChurnPrediction-{name}`. */
  readonly name: string;
  /** The endpoint's compute. */
  readonly capacity: InstanceCapacitySettings | ServerlessCapacitySettings;
  /** Whether the stage must keep at least two instances (spread over Availability Zones). */
  readonly requireMultiAz: boolean;
  /** Whether the model runs in a new VPC (isolated subnets in two AZs, S3 gateway endpoint). */
  readonly isolateInVpc: boolean;
  /** Percentage of requests whose input and output are captured to S3, if any. */
  readonly dataCaptureSamplingPercent?: number;
  /** How endpoint updates roll out. */
  readonly deployment: DeploymentSettings;
  /** API stage rate limit, requests per second. */
  readonly apiRateLimit: number;
  /** API stage burst limit, requests. */
  readonly apiBurstLimit: number;
  /** p99 model latency that raises an alarm (and rolls a deployment back), in milliseconds. */
  readonly modelLatencyP99Millis: number;
  /** Percentage of a variant's invocations answering 5XX that raises an alarm (and rolls a deployment back). */
  readonly maxEndpointErrorRatePercent: number;
  /** API 5XX answers per five minutes that raise an alarm. */
  readonly api5xxErrorsThreshold: number;
  /** Address that receives alarm e-mails, if any. */
  readonly alarmEmail?: string;
}

/** A development stage: serverless (nothing paid while idle), updated all at once. */
export const DEV: StageSettings = {
  name: 'Dev',
  capacity: { kind: 'serverless', memorySizeInMB: 2048, maxConcurrency: 5 },
  requireMultiAz: false,
  isolateInVpc: false,
  deployment: { trafficShifting: 'all-at-once', bakeMinutes: 5 },
  apiRateLimit: 10,
  apiBurstLimit: 20,
  modelLatencyP99Millis: 200,
  maxEndpointErrorRatePercent: 5,
  api5xxErrorsThreshold: 10,
};

/**
 * Production: at least two instances in two Availability Zones, scaling to six, in a VPC with
 * network isolation, 10% of requests captured, updates through a one-instance canary.
 */
export const PROD: StageSettings = {
  name: 'Prod',
  capacity: {
    kind: 'instances',
    instanceType: 'ml.c5.xlarge',
    initialInstanceCount: 2,
    minInstanceCount: 2,
    maxInstanceCount: 6,
    maxRequestsPerSecondPerInstance: 200,
    cpuUtilizationTargetPercent: 70,
  },
  requireMultiAz: true,
  isolateInVpc: true,
  dataCaptureSamplingPercent: 10,
  deployment: { trafficShifting: 'canary', canaryInstanceCount: 1, canaryMinutes: 10, bakeMinutes: 10 },
  apiRateLimit: 500,
  apiBurstLimit: 1000,
  modelLatencyP99Millis: 100,
  maxEndpointErrorRatePercent: 1,
  api5xxErrorsThreshold: 5,
};

export const STAGES: readonly StageSettings[] = [DEV, PROD];

/**
 * The problems with a stage's settings (empty when valid), each naming its setting. The endpoint
 * construct checks the rest (ranges of counts, serverless limits, traffic-shifting sizes...).
 */
export function stageSettingsProblems(settings: StageSettings): string[] {
  const problems: string[] = [];
  const { capacity } = settings;
  if (!/^[A-Z][A-Za-z0-9]*$/.test(settings.name)) problems.push(`name must be PascalCase letters and digits, got "${settings.name}"`);
  if (capacity.kind === 'instances') {
    if (settings.requireMultiAz && capacity.minInstanceCount < 2) {
      problems.push(`minInstanceCount must be ≥ 2 when requireMultiAz is set, got ${capacity.minInstanceCount}`);
    }
    if (settings.requireMultiAz && capacity.initialInstanceCount < 2) {
      problems.push(`initialInstanceCount must be ≥ 2 when requireMultiAz is set, got ${capacity.initialInstanceCount}`);
    }
    if (settings.requireMultiAz && capacity.offHours !== undefined && capacity.offHours.minInstanceCount < 2) {
      problems.push(`offHours.minInstanceCount must be ≥ 2 when requireMultiAz is set, got ${capacity.offHours.minInstanceCount}`);
    }
  } else {
    // SageMaker Serverless Inference feature exclusions (see lib/endpoint/endpoint-props-validation.ts).
    if (settings.isolateInVpc) problems.push('isolateInVpc is not available with serverless capacity');
    if (settings.dataCaptureSamplingPercent !== undefined) problems.push('dataCaptureSamplingPercent is not available with serverless capacity');
    if (settings.deployment.trafficShifting === 'canary') problems.push('a canary of instances needs instance capacity; use all-at-once with serverless');
  }
  if (!(settings.apiRateLimit > 0)) problems.push(`apiRateLimit must be > 0, got ${settings.apiRateLimit}`);
  if (!(settings.apiBurstLimit >= settings.apiRateLimit)) {
    problems.push(`apiBurstLimit (${settings.apiBurstLimit}) must be ≥ apiRateLimit (${settings.apiRateLimit})`);
  }
  if (!(settings.modelLatencyP99Millis > 0)) problems.push(`modelLatencyP99Millis must be > 0, got ${settings.modelLatencyP99Millis}`);
  if (!(settings.maxEndpointErrorRatePercent > 0 && settings.maxEndpointErrorRatePercent <= 100)) {
    problems.push(`maxEndpointErrorRatePercent must be in (0, 100], got ${settings.maxEndpointErrorRatePercent}`);
  }
  if (settings.alarmEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(settings.alarmEmail)) {
    problems.push(`alarmEmail is not an e-mail address: "${settings.alarmEmail}"`);
  }
  return problems;
}
