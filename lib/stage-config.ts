import { LatencyBudgetMillis, latencyBudgetMillisProblems } from './monitoring/latency-budget';

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
  /**
   * Availability Zone names of the new VPC's subnets (pinned stacks only). SageMaker offers instance
   * types per AZ ID, and names map to different IDs in each account: `npm run preflight` says which
   * of the account's zones offer the instance type. Default: the region's first two.
   */
  readonly availabilityZones?: readonly string[];
  /**
   * Whether the stage's API sets API Gateway's account-level CloudWatch Logs role (needed for access
   * logs; one setting per account and region). Default true: a fresh account works. Set false when
   * another stack or an administrator owns it; `npm run preflight` then checks it is set.
   */
  readonly ownsApiGatewayAccountRole?: boolean;
  /** Percentage of requests whose input and output are captured to S3, if any. */
  readonly dataCaptureSamplingPercent?: number;
  /**
   * Names of the roles (of the stage's account; `path/name` for a role with a path) that may read
   * captured records; the capture bucket's policy denies reads to everyone else.
   * @default - none: nobody reads captured records until a role is named
   */
  readonly dataCaptureReaderRoleNames?: readonly string[];
  /** How endpoint updates roll out. */
  readonly deployment: DeploymentSettings;
  /** API stage rate limit, requests per second. */
  readonly apiRateLimit: number;
  /** API stage burst limit, requests. */
  readonly apiBurstLimit: number;
  /**
   * p99 latency each layer may spend, in milliseconds: API Gateway + Lambda + SageMaker overhead +
   * model ≤ end to end. Each part is its layer's latency alarm threshold; `model` is also the
   * endpoint's rollback alarm on ModelLatency p99 (a deployment that blows it rolls back).
   */
  readonly latencyBudgetMillis: LatencyBudgetMillis;
  /**
   * Percentage of a production variant's invocations answering 5XX that is critical: the variant's
   * rollback alarm (pages through the composite, and rolls a deployment back).
   */
  readonly maxEndpointErrorRatePercent: number;
  /** Fewest requests per minute for an error rate or a latency percentile to raise a monitoring alarm. */
  readonly alarmMinimumRequestsPerMinute: number;
  /** Address that receives alarm e-mails, if any. */
  readonly alarmEmail?: string;
  /**
   * Whether the stage must page someone: a synth pinned to an account (what `cdk deploy` runs with
   * credentials) refuses the stage without `alarmEmail`. Leave it off on a stage whose topics'
   * subscriptions are managed elsewhere (e.g. an incident tool subscribed to the topic outputs).
   * @default false
   */
  readonly requireAlarmSubscription?: boolean;
  /** Churn probability from which a customer is in the medium risk band. */
  readonly mediumRiskThreshold: number;
  /** Churn probability from which a customer is in the high risk band. */
  readonly highRiskThreshold: number;
  /** The action the API recommends for each risk band (lower-case words joined by hyphens). */
  readonly recommendedActions: { readonly low: string; readonly medium: string; readonly high: string };
  /**
   * Concurrent executions reserved for the prediction function, capping it. Lambda keeps 100 of the
   * account's concurrency unreserved, so the account's quota must be at least this + 100 (Lambda
   * Developer Guide, "Configuring reserved concurrency"); new accounts often have 10 or 50.
   */
  readonly reservedConcurrency?: number;
  /** Require API keys with these usage-plan limits (besides or instead of IAM, see apiIamAuthorization). */
  readonly apiKeys?: { readonly rateLimit: number; readonly burstLimit: number; readonly quotaPerDay: number };
  /** Whether callers must sign with SigV4; off only together with apiKeys. Default on. */
  readonly apiIamAuthorization?: boolean;
  /**
   * Attach a WAF web ACL (AWS managed rule groups, a log of blocked requests) limiting each client
   * address to this many requests per 5 minutes.
   * @default - no web ACL
   */
  readonly apiWebAclRequestsPerFiveMinutesPerIp?: number;
  /** Browser origins allowed to call the API (CORS); none by default. */
  readonly apiCorsAllowOrigins?: readonly string[];
}

/** Bands and actions shared by the shipped stages: act on medium risk with an offer, on high risk with a retention call. */
const RISK_BANDS = {
  mediumRiskThreshold: 0.3,
  highRiskThreshold: 0.7,
  recommendedActions: { low: 'none', medium: 'engagement-offer', high: 'retention-offer' },
} as const;

/** A development stage: serverless (nothing paid while idle), updated all at once. */
export const DEV: StageSettings = {
  name: 'Dev',
  capacity: { kind: 'serverless', memorySizeInMB: 2048, maxConcurrency: 5 },
  requireMultiAz: false,
  isolateInVpc: false,
  deployment: { trafficShifting: 'all-at-once', bakeMinutes: 5 },
  apiRateLimit: 10,
  apiBurstLimit: 20,
  // Generous: Dev sees little traffic, and serverless cold starts count as SageMaker overhead.
  latencyBudgetMillis: { endToEnd: 2500, apiGatewayOverhead: 100, lambdaOverhead: 100, sageMakerOverhead: 1500, model: 200 },
  maxEndpointErrorRatePercent: 5,
  alarmMinimumRequestsPerMinute: 5,
  ...RISK_BANDS,
  // No reserved concurrency: deploys in a new account (quota 10 or 50, all of it unreservable); the
  // 10 requests/s throttle bounds the load.
};

/**
 * Production: at least two instances in two Availability Zones, scaling to six, in a VPC with
 * network isolation, 10% of requests captured, updates through a one-instance canary, a web ACL,
 * and someone to page.
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
  latencyBudgetMillis: { endToEnd: 300, apiGatewayOverhead: 50, lambdaOverhead: 50, sageMakerOverhead: 30, model: 100 },
  maxEndpointErrorRatePercent: 1,
  alarmMinimumRequestsPerMinute: 10,
  // Production pages people: a pinned synth refuses Prod until alarmEmail is set.
  requireAlarmSubscription: true,
  // 60,000 per 5 minutes is 200 requests/s from one address: no single caller can take more than 40%
  // of the stage's 500 requests/s. Raise it when one backend legitimately sends more.
  apiWebAclRequestsPerFiveMinutesPerIp: 60_000,
  ...RISK_BANDS,
  // 500 requests/s at ~0.1 s each needs ~50 concurrent executions; 200 leaves room for slow models
  // and caps what a spike can take from the account. Lambda keeps 100 unreserved, so the account's
  // concurrency quota must be at least 300 (npm run preflight checks).
  reservedConcurrency: 200,
};

export const STAGES: readonly StageSettings[] = [DEV, PROD];

/**
 * Context key of an alarm address for every stage without `alarmEmail` of its own, for one synth or
 * deploy: `npx cdk deploy ChurnPrediction-Prod -c churn-prediction:alarmEmail=oncall@example.com`.
 */
export const ALARM_EMAIL_CONTEXT_KEY = 'churn-prediction:alarmEmail';

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
  problems.push(...latencyBudgetMillisProblems(settings.latencyBudgetMillis).map((p) => `latencyBudgetMillis: ${p}`));
  if (!(settings.maxEndpointErrorRatePercent > 0 && settings.maxEndpointErrorRatePercent <= 100)) {
    problems.push(`maxEndpointErrorRatePercent must be in (0, 100], got ${settings.maxEndpointErrorRatePercent}`);
  }
  if (!Number.isInteger(settings.alarmMinimumRequestsPerMinute) || settings.alarmMinimumRequestsPerMinute < 1) {
    problems.push(`alarmMinimumRequestsPerMinute must be a whole number ≥ 1, got ${settings.alarmMinimumRequestsPerMinute}`);
  }
  if (settings.reservedConcurrency !== undefined && !(Number.isInteger(settings.reservedConcurrency) && settings.reservedConcurrency >= 1)) {
    problems.push(`reservedConcurrency must be a whole number ≥ 1, got ${settings.reservedConcurrency}`);
  }
  if (settings.availabilityZones !== undefined) {
    if (!settings.isolateInVpc) problems.push('availabilityZones places the VPC\'s subnets; set isolateInVpc too');
    if (new Set(settings.availabilityZones).size < 2) problems.push(`availabilityZones must name at least 2 distinct zones, got ${settings.availabilityZones.length}`);
  }
  if (settings.dataCaptureReaderRoleNames !== undefined && settings.dataCaptureSamplingPercent === undefined) {
    problems.push('dataCaptureReaderRoleNames names readers of captured data; set dataCaptureSamplingPercent too');
  }
  for (const name of settings.dataCaptureReaderRoleNames ?? []) {
    // IAM role names: 1-64 of [\w+=,.@-]; a path adds segments before the name.
    if (!/^([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/.test(name)) problems.push(`dataCaptureReaderRoleNames holds "${name}", which is not a role name`);
  }
  if (settings.alarmEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(settings.alarmEmail)) {
    problems.push(`alarmEmail is not an e-mail address: "${settings.alarmEmail}"`);
  }
  return problems;
}
