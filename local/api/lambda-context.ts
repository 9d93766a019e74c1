import type { Context } from 'aws-lambda';
import { randomUUID } from 'crypto';

/** The function a local invocation pretends to be. */
export interface LocalFunctionIdentity {
  readonly functionName: string;
  readonly memoryLimitInMB: number;
  readonly region: string;
  readonly accountId: string;
}

function unsupported(name: string): () => never {
  return () => {
    throw new Error(`context.${name}() is not supported by the local API; return a result from the async handler instead`);
  };
}

/** A Lambda context whose remaining time counts down to `deadline` (epoch milliseconds). */
export function buildLambdaContext(identity: LocalFunctionIdentity, deadline: number, now: () => number = Date.now): Context {
  const { functionName, memoryLimitInMB, region, accountId } = identity;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:${accountId}:function:${functionName}`,
    memoryLimitInMB: String(memoryLimitInMB),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${randomUUID().replace(/-/g, '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - now()),
    done: unsupported('done'),
    fail: unsupported('fail'),
    succeed: unsupported('succeed'),
  };
}
