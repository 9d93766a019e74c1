/**
 * How the SageMaker runtime API (`POST /endpoints/{name}/invocations`) passes on a container's
 * answer, in the shapes the AWS SDK v3 deserializes (restJson1: the error type in the
 * `x-amzn-errortype` header, members in a JSON body; shapes and HTTP codes as declared in
 * @aws-sdk/client-sagemaker-runtime): a 2xx answer is passed through with the variant that
 * served it; any other status becomes a 424 `ModelError` carrying `OriginalStatusCode` and
 * `OriginalMessage`; an unknown endpoint is a 400 `ValidationError`.
 */
import type { ContainerAnswer } from './xgboost-container-contract';

/** A complete HTTP answer of the stand-in. */
export interface HttpAnswer {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The account id the stand-in reports in ARNs and messages. */
export const LOCAL_ACCOUNT_ID = '000000000000';

/** Where the endpoint runs, for the messages and ARNs the stand-in writes. */
export interface RuntimeIdentity {
  readonly endpointName: string;
  readonly variantName: string;
  readonly region: string;
}

/** An AWS JSON error answer the SDK turns into an exception named `errorType`. */
export function awsError(statusCode: number, errorType: string, members: Readonly<Record<string, unknown>>): HttpAnswer {
  return {
    statusCode,
    headers: { 'Content-Type': 'application/json', 'x-amzn-errortype': errorType },
    body: JSON.stringify(members),
  };
}

/** The runtime's answer for an endpoint name it does not know. */
export function unknownEndpoint(requestedName: string): HttpAnswer {
  return awsError(400, 'ValidationError', { Message: `Endpoint ${requestedName} of account ${LOCAL_ACCOUNT_ID} not found.` });
}

/** The runtime's answer for a container answer to an InvokeEndpoint call. */
export function runtimeAnswer(container: ContainerAnswer, identity: RuntimeIdentity): HttpAnswer {
  if (container.statusCode >= 200 && container.statusCode < 300) {
    return {
      statusCode: container.statusCode,
      headers: { 'Content-Type': container.contentType, 'x-Amzn-Invoked-Production-Variant': identity.variantName },
      body: container.body,
    };
  }
  const side = container.statusCode >= 500 ? 'server' : 'client';
  const logGroup = `/aws/sagemaker/Endpoints/${identity.endpointName}`;
  return awsError(424, 'ModelError', {
    Message: `Received ${side} error (${container.statusCode}) from primary with message "${container.body}". `
      + `See the log group ${logGroup} in account ${LOCAL_ACCOUNT_ID} for more information.`,
    OriginalStatusCode: container.statusCode,
    OriginalMessage: container.body,
    LogStreamArn: `arn:aws:logs:${identity.region}:${LOCAL_ACCOUNT_ID}:log-group:${logGroup}`,
  });
}
