import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { ModelCallRetryStrategy } from '../lambda/shared/model-call-retry';
import { atMost, Figure, formatMillis, median, millisSince } from './figures';

/** Prod's end-to-end p99 budget (lib/stage-config.ts): a throttled answer should come well inside it. */
const PROD_END_TO_END_MILLIS = 300;

/** Time until the client gives up on an endpoint that answers every call with ThrottlingException. */
async function timeToGiveUp(client: SageMakerRuntimeClient): Promise<number> {
  const started = process.hrtime.bigint();
  try {
    await client.send(new InvokeEndpointCommand({ EndpointName: 'bench', ContentType: 'text/csv', Body: new TextEncoder().encode('1') }));
  } catch {
    // Expected: the throttling error, after whatever retries the strategy allows.
  }
  return millisSince(started);
}

/**
 * How long a throttled model call keeps a request: the function's retry strategy against the SDK's
 * standard one (3 attempts, throttling backoff), both against a local endpoint that always
 * answers 429 ThrottlingException.
 */
export async function measureThrottledModelCall(runs: number): Promise<Figure[]> {
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(429, { 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'ThrottlingException' });
      response.end(JSON.stringify({ message: 'Rate exceeded' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const common = { region: 'us-east-1', endpoint, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } };
  const failFast = new SageMakerRuntimeClient({ ...common, retryStrategy: new ModelCallRetryStrategy() });
  const standard = new SageMakerRuntimeClient({ ...common, maxAttempts: 3 });
  const ours: number[] = [];
  const sdk: number[] = [];
  try {
    for (let run = 0; run < runs; run += 1) {
      ours.push(await timeToGiveUp(failFast));
      sdk.push(await timeToGiveUp(standard));
    }
  } finally {
    server.closeAllConnections();
    server.close();
  }
  return [
    atMost('throttled model call answered (median)', median(ours), PROD_END_TO_END_MILLIS, formatMillis,
      `the function's retry strategy: no retry on throttling, 503 + Retry-After; ${runs} runs`),
    { name: 'the SDK\'s standard retries, for comparison (median)', value: formatMillis(median(sdk)), note: `3 attempts with throttling backoff; ${runs} runs` },
  ];
}
