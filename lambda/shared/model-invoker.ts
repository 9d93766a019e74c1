import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';

/** One InvokeEndpoint call: the `text/csv` rows and, if the caller chose one, the variant to score on. */
export interface ModelCall {
  readonly csvBody: string;
  readonly targetVariant?: string;
}

/** The endpoint's `application/json` answer, and the variant that produced it. */
export interface ModelAnswer {
  readonly body: string;
  readonly invokedVariant?: string;
}

/** Scores one call on the model; the signal aborts it at the handler's deadline. */
export type InvokeModel = (call: ModelCall, abortSignal: AbortSignal) => Promise<ModelAnswer>;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The model behind one endpoint, called through the client (see sagemaker-runtime-client.ts for its timeouts and retries). */
export function createModelInvoker(client: SageMakerRuntimeClient, endpointName: string): InvokeModel {
  return async ({ csvBody, targetVariant }, abortSignal) => {
    const response = await client.send(new InvokeEndpointCommand({
      EndpointName: endpointName,
      ContentType: 'text/csv',
      Accept: 'application/json',
      Body: encoder.encode(csvBody),
      ...(targetVariant !== undefined ? { TargetVariant: targetVariant } : {}),
    }), { abortSignal });
    // The SDK gives Body null (not an empty array) when the endpoint answers with no content.
    const body = response.Body === undefined || response.Body === null ? '' : decoder.decode(response.Body);
    return { body, invokedVariant: response.InvokedProductionVariant };
  };
}
