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
}

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
  if (settings.alarmEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(settings.alarmEmail)) {
    problems.push(`alarmEmail is not an e-mail address: "${settings.alarmEmail}"`);
  }
  return problems;
}
