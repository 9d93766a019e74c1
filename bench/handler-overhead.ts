import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { loadConfig } from '../lambda/predict/config';
import { createPredictHandler, PredictDependencies } from '../lambda/predict/handler';
import { buildLambdaContext } from '../local/api/lambda-context';
import { loadLocalModelPackage } from '../local/local-model-package';
import { atMost, Figure, formatMillis, millisSince, percentile } from './figures';

const MAX_P99_MS = 0.2;
const WARM_UP = 2_000;
/** The bundled model package: its contract configures the handler, its golden records are the requests. */
const BUNDLED = loadLocalModelPackage();

function eventWith(body: string): APIGatewayProxyEvent {
  return {
    body, isBase64Encoded: false, httpMethod: 'POST', path: '/v1/predictions', resource: '/v1/predictions',
    headers: { 'Content-Type': 'application/json' }, multiValueHeaders: { 'Content-Type': ['application/json'] },
    queryStringParameters: null, multiValueQueryStringParameters: null, pathParameters: null, stageVariables: null,
    requestContext: { requestId: 'bench', stage: 'live' } as APIGatewayProxyEvent['requestContext'],
  };
}

/** The handler's own work per request (validate, encode, parse, answer), the model call a resolved stub. */
async function timeRequests(records: readonly unknown[], iterations: number): Promise<number[]> {
  const rows = records.length;
  const modelAnswer = JSON.stringify({ predictions: Array.from({ length: rows }, (_, index) => ({ score: (index % 10) / 10 })) });
  const quiet = { info: () => undefined, error: () => undefined, beginInvocation: () => undefined };
  const dependencies: PredictDependencies = {
    config: loadConfig({
      ENDPOINT_NAME: 'churn-bench', MODEL_VERSION: 'sha256-0123456789abcdef', ALLOWED_VARIANTS: 'AllTraffic',
      MODEL_CONTRACT_FILE: BUNDLED.contractPath,
    }),
    invokeModel: async () => ({ body: modelAnswer, invokedVariant: 'AllTraffic' }),
    metrics: { put: () => undefined, putAll: () => undefined, captureColdStart: () => undefined, flush: () => undefined },
    logger: quiet,
    now: Date.now,
  };
  const handler = createPredictHandler(dependencies);
  const event = eventWith(JSON.stringify({ records }));
  const context: Context = buildLambdaContext({ functionName: 'churn-bench', memoryLimitInMB: 512, region: 'eu-west-1', accountId: '000000000000' }, Date.now() + 3_600_000);
  // A 200 means the answer was parsed, one probability per record, and the full response built.
  const check = await handler(event, context);
  if (check.statusCode !== 200) throw new Error(`the handler answered ${check.statusCode}: ${check.body}`);
  for (let run = 0; run < WARM_UP; run++) await handler(event, context);
  const samples: number[] = [];
  for (let run = 0; run < iterations; run++) {
    const start = process.hrtime.bigint();
    await handler(event, context);
    samples.push(millisSince(start));
  }
  return samples;
}

/**
 * Handler overhead per request, in process: createPredictHandler with a model call that resolves
 * at once and no-op logger and metrics, so only the handler's own code is timed.
 */
export async function measureHandlerOverhead(iterations: number): Promise<Figure[]> {
  const records = BUNDLED.golden.map(({ record }) => record);
  const one = await timeRequests(records.slice(0, 1), iterations);
  const full = await timeRequests(records.slice(0, 100), Math.ceil(iterations / 10));
  return [
    atMost('handler overhead per request, p99 (1 record)', percentile(one, 0.99), MAX_P99_MS, formatMillis,
      `p50 ${formatMillis(percentile(one, 0.5))}, ${iterations} requests in process, stub model, no-op logger and metrics`),
    {
      name: 'handler overhead, 100 records per request', value: `p50 ${formatMillis(percentile(full, 0.5))}, p99 ${formatMillis(percentile(full, 0.99))}`,
      note: `${full.length} requests`,
    },
  ];
}
