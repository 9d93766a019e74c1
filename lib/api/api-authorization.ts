import * as apigateway from 'aws-cdk-lib/aws-apigateway';

/** Limits of the usage plan every API key of the service belongs to. */
export interface UsagePlanOptions {
  /** Steady-state requests per second one key may send; at most the stage's `throttle.rateLimit`. */
  readonly rateLimit: number;
  /** Burst of requests one key may send above the rate (a whole number ≥ `rateLimit`). */
  readonly burstLimit: number;
  /** Requests one key may send per quota period (a whole number ≥ 1). */
  readonly quotaLimit: number;
  /**
   * The quota period.
   * @default apigateway.Period.DAY
   */
  readonly quotaPeriod?: apigateway.Period;
}

/**
 * How callers of `POST /v1/predictions` authenticate: SigV4-signed IAM requests, API keys under a
 * usage plan, or both. There is no unauthenticated choice.
 */
export class ApiAuthorization {
  /** Callers sign with SigV4; IAM policies decide who may call. */
  public static iam(): ApiAuthorization {
    return new ApiAuthorization(true, undefined);
  }

  /** Callers send an API key of the usage plan (`X-Api-Key`); one key is created. */
  public static apiKeys(usagePlan: UsagePlanOptions): ApiAuthorization {
    return new ApiAuthorization(false, usagePlan);
  }

  /** Callers sign with SigV4 and send an API key of the usage plan. */
  public static iamAndApiKeys(usagePlan: UsagePlanOptions): ApiAuthorization {
    return new ApiAuthorization(true, usagePlan);
  }

  private constructor(
    /** Whether requests must be SigV4-signed. */
    public readonly iam: boolean,
    /** The usage plan of the API keys, when keys are required. */
    public readonly usagePlan: UsagePlanOptions | undefined,
  ) {}
}

/** The problems with a usage plan (paths relative to `authorization`), given the stage's rate limit. */
export function usagePlanProblems(usagePlan: UsagePlanOptions, stageRateLimit: number): string[] {
  const { rateLimit, burstLimit, quotaLimit } = usagePlan;
  const problems: string[] = [];
  if (!(rateLimit > 0)) problems.push(`authorization.usagePlan.rateLimit must be > 0, got ${rateLimit}`);
  else if (rateLimit > stageRateLimit) {
    problems.push(`authorization.usagePlan.rateLimit (${rateLimit}) must not exceed throttle.rateLimit (${stageRateLimit}): the stage throttles first`);
  }
  if (!(Number.isInteger(burstLimit) && burstLimit >= rateLimit)) {
    problems.push(`authorization.usagePlan.burstLimit must be a whole number ≥ authorization.usagePlan.rateLimit (${rateLimit}), got ${burstLimit}`);
  }
  if (!(Number.isInteger(quotaLimit) && quotaLimit >= 1)) problems.push(`authorization.usagePlan.quotaLimit must be a whole number ≥ 1, got ${quotaLimit}`);
  return problems;
}
