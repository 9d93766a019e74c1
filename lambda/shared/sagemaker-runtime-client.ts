import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { MODEL_CALL_RETRY, ModelCallRetryStrategy } from './model-call-retry';

/**
 * Time limits of one InvokeEndpoint attempt. Two attempts of at most 1 s (connect) + 5 s (answer),
 * plus the 25 ms between them, fit well inside API Gateway's 29 s integration timeout; the handler
 * also sets an overall deadline.
 */
export const MODEL_CALL_LIMITS = {
  maxAttempts: MODEL_CALL_RETRY.maxAttempts,
  connectionTimeoutMs: 1_000,
  requestTimeoutMs: 5_000,
} as const;

/** The SageMaker runtime client, created once per execution environment. */
export function createSageMakerRuntimeClient(): SageMakerRuntimeClient {
  return new SageMakerRuntimeClient({
    retryStrategy: new ModelCallRetryStrategy(),
    requestHandler: {
      connectionTimeout: MODEL_CALL_LIMITS.connectionTimeoutMs,
      requestTimeout: MODEL_CALL_LIMITS.requestTimeoutMs,
      // Without this the Node handler only warns when requestTimeout passes.
      throwOnRequestTimeout: true,
    },
  });
}
