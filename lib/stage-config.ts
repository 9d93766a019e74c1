import { LatencyBudgetMillis, latencyBudgetMillisProblems } from './monitoring/latency-budget';

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
  /**
   * p99 latency each layer may spend, in milliseconds: API Gateway + Lambda + SageMaker overhead +
   * model ≤ end to end. Each part is its layer's latency alarm threshold.
   */
  readonly latencyBudgetMillis: LatencyBudgetMillis;
  /** Fewest requests per minute for an error rate or a latency percentile to raise an alarm. */
  readonly alarmMinimumRequestsPerMinute: number;
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
  // Generous: Dev sees little traffic, and serverless cold starts count as SageMaker overhead.
  latencyBudgetMillis: { endToEnd: 2500, apiGatewayOverhead: 100, lambdaOverhead: 100, sageMakerOverhead: 1500, model: 200 },
  alarmMinimumRequestsPerMinute: 5,
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
  latencyBudgetMillis: { endToEnd: 300, apiGatewayOverhead: 50, lambdaOverhead: 50, sageMakerOverhead: 30, model: 100 },
  alarmMinimumRequestsPerMinute: 10,
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
  problems.push(...latencyBudgetMillisProblems(settings.latencyBudgetMillis).map((p) => `latencyBudgetMillis: ${p}`));
  if (!Number.isInteger(settings.alarmMinimumRequestsPerMinute) || settings.alarmMinimumRequestsPerMinute < 1) {
    problems.push(`alarmMinimumRequestsPerMinute must be a whole number ≥ 1, got ${settings.alarmMinimumRequestsPerMinute}`);
  }
  if (settings.alarmEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(settings.alarmEmail)) {
    problems.push(`alarmEmail is not an e-mail address: "${settings.alarmEmail}"`);
  }
  return problems;
}
