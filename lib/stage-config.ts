/** The settings that differ between deployment stages. */
export interface StageSettings {
  /** Stage name; used in the stack name `ChurnPrediction-{name}`. */
  readonly name: string;
  /** Endpoint instance type, e.g. `ml.c5.large` (not burstable). */
  readonly instanceType: string;
  /** Endpoint instances at creation. */
  readonly initialInstanceCount: number;
  /** Fewest instances auto scaling keeps. */
  readonly minInstanceCount: number;
  /** Most instances auto scaling adds. */
  readonly maxInstanceCount: number;
  /** Requests per second one instance sustains; the scaling target derives from it. */
  readonly maxRequestsPerSecondPerInstance: number;
  /** Whether the stage must keep at least two instances (spread over Availability Zones). */
  readonly requireMultiAz: boolean;
  /** API stage rate limit, requests per second. */
  readonly apiRateLimit: number;
  /** API stage burst limit, requests. */
  readonly apiBurstLimit: number;
  /** p99 model latency that raises an alarm, in milliseconds. */
  readonly modelLatencyP99Millis: number;
  /** API 5XX answers per five minutes that raise an alarm. */
  readonly api5xxErrorsThreshold: number;
  /** Address that receives alarm e-mails, if any. */
  readonly alarmEmail?: string;
  /** Churn probability from which a customer is in the medium risk band. */
  readonly mediumRiskThreshold: number;
  /** Churn probability from which a customer is in the high risk band. */
  readonly highRiskThreshold: number;
  /** The action the API recommends for each risk band (lower-case words joined by hyphens). */
  readonly recommendedActions: { readonly low: string; readonly medium: string; readonly high: string };
  /**
   * Concurrent executions reserved for the prediction function, capping it. The account's
   * concurrency quota must exceed it by at least 10 (new accounts start at 10: request an increase).
   */
  readonly reservedConcurrency?: number;
  /** Require API keys with these usage-plan limits (besides or instead of IAM, see apiIamAuthorization). */
  readonly apiKeys?: { readonly rateLimit: number; readonly burstLimit: number; readonly quotaPerDay: number };
  /** Whether callers must sign with SigV4; off only together with apiKeys. Default on. */
  readonly apiIamAuthorization?: boolean;
  /** Attach a web ACL limiting each client address to this many requests per 5 minutes. */
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

/** A development stage: one instance, scaling to two. */
export const DEV: StageSettings = {
  name: 'Dev',
  instanceType: 'ml.c5.large',
  initialInstanceCount: 1,
  minInstanceCount: 1,
  maxInstanceCount: 2,
  maxRequestsPerSecondPerInstance: 100,
  requireMultiAz: false,
  apiRateLimit: 10,
  apiBurstLimit: 20,
  modelLatencyP99Millis: 200,
  api5xxErrorsThreshold: 10,
  ...RISK_BANDS,
  // No reserved concurrency: deploys in a new account (quota 10); the 10 requests/s throttle bounds the load.
};

/** Production: at least two instances in two Availability Zones, scaling to six. */
export const PROD: StageSettings = {
  name: 'Prod',
  instanceType: 'ml.c5.xlarge',
  initialInstanceCount: 2,
  minInstanceCount: 2,
  maxInstanceCount: 6,
  maxRequestsPerSecondPerInstance: 200,
  requireMultiAz: true,
  apiRateLimit: 500,
  apiBurstLimit: 1000,
  modelLatencyP99Millis: 100,
  api5xxErrorsThreshold: 5,
  ...RISK_BANDS,
  // 500 requests/s at ~0.1 s each needs ~50 concurrent executions; 200 leaves room for slow models
  // and caps what a spike can take from the account (its quota must be at least 210).
  reservedConcurrency: 200,
};

export const STAGES: readonly StageSettings[] = [DEV, PROD];

/** The problems with a stage's settings (empty when valid), each naming its setting. */
export function stageSettingsProblems(settings: StageSettings): string[] {
  const problems: string[] = [];
  if (!/^[A-Z][A-Za-z0-9]*$/.test(settings.name)) problems.push(`name must be PascalCase letters and digits, got "${settings.name}"`);
  if (settings.requireMultiAz && settings.minInstanceCount < 2) {
    problems.push(`minInstanceCount must be ≥ 2 when requireMultiAz is set, got ${settings.minInstanceCount}`);
  }
  if (settings.requireMultiAz && settings.initialInstanceCount < 2) {
    problems.push(`initialInstanceCount must be ≥ 2 when requireMultiAz is set, got ${settings.initialInstanceCount}`);
  }
  if (!(settings.apiRateLimit > 0)) problems.push(`apiRateLimit must be > 0, got ${settings.apiRateLimit}`);
  if (!(settings.apiBurstLimit >= settings.apiRateLimit)) {
    problems.push(`apiBurstLimit (${settings.apiBurstLimit}) must be ≥ apiRateLimit (${settings.apiRateLimit})`);
  }
  if (!(settings.modelLatencyP99Millis > 0)) problems.push(`modelLatencyP99Millis must be > 0, got ${settings.modelLatencyP99Millis}`);
  if (settings.reservedConcurrency !== undefined && !(Number.isInteger(settings.reservedConcurrency) && settings.reservedConcurrency >= 1)) {
    problems.push(`reservedConcurrency must be a whole number ≥ 1, got ${settings.reservedConcurrency}`);
  }
  if (settings.alarmEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(settings.alarmEmail)) {
    problems.push(`alarmEmail is not an e-mail address: "${settings.alarmEmail}"`);
  }
  return problems;
}
