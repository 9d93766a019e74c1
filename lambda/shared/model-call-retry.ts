import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';

/**
 * When one model call is tried again: once, 25 ms later, and only after a transient fault (a reset
 * or timed-out connection, a 500/502/503/504 from the endpoint), which a second attempt on another
 * connection or instance usually clears within the latency budget.
 *
 * Throttling is never retried here. The SDK's standard strategy waits about a second between
 * throttled attempts (its throttling base delay), so a throttled request took 1.4–2.8 s: ten times
 * Prod's 300 ms p99 budget, while adding load to an endpoint that is already shedding it. Failing
 * fast instead answers 503 ModelThrottled with `Retry-After`, and the caller, who knows what the
 * answer is worth, decides; the endpoint's scaling policy adds instances meanwhile.
 */
export const MODEL_CALL_RETRY = {
  maxAttempts: 2,
  retryDelayMs: 25,
} as const;

class AttemptToken implements RetryToken {
  constructor(private readonly retryCount: number, private readonly retryDelay: number) {}

  public getRetryCount(): number {
    return this.retryCount;
  }

  public getRetryDelay(): number {
    return this.retryDelay;
  }
}

/** The SDK retry strategy of MODEL_CALL_RETRY (a RetryStrategyV2: the SDK waits the token's delay). */
export class ModelCallRetryStrategy implements RetryStrategyV2 {
  public async acquireInitialRetryToken(): Promise<RetryToken> {
    return new AttemptToken(0, 0);
  }

  public async refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
    const attemptsMade = token.getRetryCount() + 1;
    if (errorInfo.errorType !== 'TRANSIENT') throw new Error(`${errorInfo.errorType} faults are not retried`);
    if (attemptsMade >= MODEL_CALL_RETRY.maxAttempts) throw new Error(`no attempt left after ${attemptsMade}`);
    return new AttemptToken(attemptsMade, MODEL_CALL_RETRY.retryDelayMs);
  }

  public recordSuccess(): void {
    // No retry budget to refill: at most one retry per call.
  }
}
