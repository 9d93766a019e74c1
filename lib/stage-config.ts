import { latencyBudgetMillisProblems, LatencyBudgetMillis } from './monitoring/core/latency-budget';

// A stage's settings are plain data (the preflight script reads them too) in the groups and with the
// names of ChurnPredictionService's props, so a problem's path reads the same in both
// (`api.throttle.rateLimit`). The stack maps them onto the props; the service checks them.

/** Instance auto scaling of a stage, as `VariantCapacity.instances({ autoScaling })` takes it. */
export interface InstanceAutoScalingSettings {
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
   * before changing `instanceType`, and back afterwards (docs/OPERATIONS.md, "Instance type change").
   */
  readonly enabled?: boolean;
}

/** Always-on endpoint instances that auto scale. */
export interface InstanceCapacitySettings {
  readonly kind: 'instances';
  /** Endpoint instance type, e.g. `ml.c5.large` (not burstable). */
  readonly instanceType: string;
  /** Endpoint instances at creation (default: `autoScaling.minInstanceCount`). */
  readonly initialInstanceCount?: number;
  /** Auto scaling bounds and targets. */
  readonly autoScaling: InstanceAutoScalingSettings;
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

/** Capture of a stage's requests and responses to S3. */
export interface DataCaptureSettings {
  /** Percentage of requests whose input and output are captured. */
  readonly samplingPercentage: number;
  /**
   * Names of the roles (of the stage's account; `path/name` for a role with a path) that may read
   * captured records; the capture bucket's policy denies reads to everyone else.
   * @default - none: nobody reads captured records until a role is named
   */
  readonly readerRoleNames?: readonly string[];
}

/** The `endpoint` group of a stage. */
export interface EndpointSettings {
  /** The endpoint's compute. */
  readonly capacity: InstanceCapacitySettings | ServerlessCapacitySettings;
  /** Whether the stage must keep at least two instances (spread over Availability Zones). */
  readonly requireMultiAz: boolean;
  /** Capture of requests and responses to S3, if any. */
  readonly dataCapture?: DataCaptureSettings;
  /** How endpoint updates roll out. */
  readonly deployment: DeploymentSettings;
}

/** The `network` group of a stage: SageMaker's managed network, or a VPC the stack creates. */
export type NetworkSettings =
  | { readonly kind: 'none' }
  | {
    readonly kind: 'managed-vpc';
    /**
     * Availability Zone names of the new VPC's subnets (pinned stacks only). SageMaker offers instance
     * types per AZ ID, and names map to different IDs in each account: `npm run preflight` says which
     * of the account's zones offer the instance type. Default: the region's first two.
     */
    readonly availabilityZones?: readonly string[];
  };

/** The `predictions` group of a stage. */
export interface PredictionSettings {
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
  readonly reservedConcurrentExecutions?: number;
}

/** The usage plan of a stage's API keys; the quota is per day. */
export interface UsagePlanSettings {
  readonly rateLimit: number;
  readonly burstLimit: number;
  readonly quotaLimit: number;
}

/** How a stage's callers authenticate (`ApiAuthorization.iam()`, `.apiKeys(...)`, `.iamAndApiKeys(...)`). */
export type AuthorizationSettings =
  | { readonly kind: 'iam' }
  | { readonly kind: 'api-keys' | 'iam-and-api-keys'; readonly usagePlan: UsagePlanSettings };

/** The `api` group of a stage. */
export interface ApiSettings {
  /** The stage's throttle: requests per second and burst. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** How callers authenticate (default IAM). */
  readonly authorization?: AuthorizationSettings;
  /**
   * Attach a WAF web ACL (AWS managed rule groups, a log of blocked requests) limiting each client
   * address to this many requests per 5 minutes.
   * @default - no web ACL
   */
  readonly webAclRequestsPerFiveMinutesPerIp?: number;
  /** Browser origins allowed to call the API (CORS); none by default. */
  readonly corsAllowOrigins?: readonly string[];
  /**
   * Whether the stage's API sets API Gateway's account-level CloudWatch Logs role (needed for access
   * logs; one setting per account and region). Default true: a fresh account works. Set false when
   * another stack or an administrator owns it; `npm run preflight` then checks it is set.
   */
  readonly ownsApiGatewayAccountRole?: boolean;
}

/** The `monitoring` group of a stage. */
export interface MonitoringSettings {
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
  /** Thresholds: the fewest requests per minute for a rate or a latency percentile to raise an alarm. */
  readonly thresholds: { readonly minimumRequestsPerMinute: number };
  /** Address that receives alarm e-mails, if any. */
  readonly alarmEmail?: string;
  /**
   * Whether the stage must page someone: without `alarmEmail` (or the context key
   * ALARM_EMAIL_CONTEXT_KEY), its stack takes a required `AlarmEmail` parameter that `cdk deploy`
   * asks for. Leave it off on a stage whose topics' subscriptions are managed elsewhere (e.g. an
   * incident tool subscribed to the topic outputs).
   * @default false
   */
  readonly requireAlarmSubscription?: boolean;
}

/** The settings that differ between deployment stages, in the service's groups. */
export interface StageSettings {
  /** Stage name; used in the stack name `ChurnPrediction-{name}`. */
  readonly name: string;
  readonly endpoint: EndpointSettings;
  readonly network: NetworkSettings;
  readonly predictions: PredictionSettings;
  readonly api: ApiSettings;
  readonly monitoring: MonitoringSettings;
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
  endpoint: {
    capacity: { kind: 'serverless', memorySizeInMB: 2048, maxConcurrency: 5 },
    requireMultiAz: false,
    deployment: { trafficShifting: 'all-at-once', bakeMinutes: 5 },
  },
  network: { kind: 'none' },
  // No reserved concurrency: deploys in a new account (quota 10 or 50, all of it unreservable); the
  // 10 requests/s throttle bounds the load.
  predictions: { ...RISK_BANDS },
  api: { throttle: { rateLimit: 10, burstLimit: 20 } },
  monitoring: {
    // Generous: Dev sees little traffic, and serverless cold starts count as SageMaker overhead.
    latencyBudgetMillis: { endToEnd: 2500, apiGatewayOverhead: 100, lambdaOverhead: 100, sageMakerOverhead: 1500, model: 200 },
    maxEndpointErrorRatePercent: 5,
    thresholds: { minimumRequestsPerMinute: 5 },
  },
};

/**
 * Production: at least two instances in two Availability Zones, scaling to six, in a VPC with
 * network isolation, 10% of requests captured, updates through a one-instance canary, a web ACL,
 * and someone to page.
 */
export const PROD: StageSettings = {
  name: 'Prod',
  endpoint: {
    capacity: {
      kind: 'instances',
      instanceType: 'ml.c5.xlarge',
      initialInstanceCount: 2,
      autoScaling: { minInstanceCount: 2, maxInstanceCount: 6, maxRequestsPerSecondPerInstance: 200, cpuUtilizationTargetPercent: 70 },
    },
    requireMultiAz: true,
    dataCapture: { samplingPercentage: 10 },
    deployment: { trafficShifting: 'canary', canaryInstanceCount: 1, canaryMinutes: 10, bakeMinutes: 10 },
  },
  network: { kind: 'managed-vpc' },
  predictions: {
    ...RISK_BANDS,
    // 500 requests/s at ~0.1 s each needs ~50 concurrent executions; 200 leaves room for slow models
    // and caps what a spike can take from the account. Lambda keeps 100 unreserved, so the account's
    // concurrency quota must be at least 300 (npm run preflight checks).
    reservedConcurrentExecutions: 200,
  },
  api: {
    throttle: { rateLimit: 500, burstLimit: 1000 },
    // 60,000 per 5 minutes is 200 requests/s from one address: no single caller can take more than 40%
    // of the stage's 500 requests/s. Raise it when one backend legitimately sends more.
    webAclRequestsPerFiveMinutesPerIp: 60_000,
  },
  monitoring: {
    latencyBudgetMillis: { endToEnd: 300, apiGatewayOverhead: 50, lambdaOverhead: 50, sageMakerOverhead: 30, model: 100 },
    maxEndpointErrorRatePercent: 1,
    thresholds: { minimumRequestsPerMinute: 10 },
    // Production pages people: without an address, deploying Prod asks for one (AlarmEmail parameter).
    requireAlarmSubscription: true,
  },
};

export const STAGES: readonly StageSettings[] = [DEV, PROD];

/**
 * Context key of an alarm address for every stage without `monitoring.alarmEmail` of its own, for one
 * synth or deploy: `npx cdk deploy ChurnPrediction-Prod -c churn-prediction:alarmEmail=oncall@example.com`.
 */
export const ALARM_EMAIL_CONTEXT_KEY = 'churn-prediction:alarmEmail';

/**
 * The problems only a stage's settings can have (empty when valid), each with its path; the
 * service checks everything else, in the same words.
 */
export function stageOnlyProblems(settings: StageSettings): string[] {
  const problems: string[] = [];
  if (!/^[A-Z][A-Za-z0-9]*$/.test(settings.name)) problems.push(`name must be PascalCase letters and digits, got "${settings.name}"`);
  problems.push(...latencyBudgetMillisProblems(settings.monitoring.latencyBudgetMillis).map((p) => `monitoring.latencyBudgetMillis: ${p}`));
  for (const name of settings.endpoint.dataCapture?.readerRoleNames ?? []) {
    // IAM role names: 1-64 of [\w+=,.@-]; a path adds segments before the name (IAM User Guide, "IAM object quotas").
    if (!/^([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/.test(name)) problems.push(`endpoint.dataCapture.readerRoleNames holds "${name}", which is not a role name`);
  }
  return problems;
}
