/**
 * Shared helpers for the Lambda unit tests: valid records taken from model/bundled/golden.json,
 * Lambda context and API Gateway event factories, and recording fakes for the handler's
 * dependencies.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import golden from '../../model/bundled/golden.json';
import type { PredictConfig } from '../../lambda/predict/config';
import type { InvokeModel, PredictDependencies } from '../../lambda/predict/handler';
import type { LogFields } from '../../lambda/shared/logger';
import type { MetricUnit, MetricValue } from '../../lambda/shared/metrics';
import { BUNDLED_CONTRACT } from '../support/model-packages';

/** A mutable customer record, as a caller would send it. */
export type RecordBody = Record<string, unknown>;

/** A fresh copy of golden record `index`: valid for the API, safe to modify. */
export function validRecord(index = 0): RecordBody {
  return structuredClone(golden.records[index].record) as RecordBody;
}

/** Fresh copies of the first `count` golden records. */
export function validRecords(count: number): RecordBody[] {
  return Array.from({ length: count }, (_, index) => validRecord(index));
}

/** A Lambda context with only what the handler reads. */
export function lambdaContext(remainingTimeMs = 30_000, awsRequestId = 'req-0001'): Context {
  return {
    awsRequestId,
    functionName: 'PredictFunction-test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:PredictFunction-test',
    memoryLimitInMB: '512',
    getRemainingTimeInMillis: () => remainingTimeMs,
  } as unknown as Context;
}

/** An API Gateway proxy event with the body, headers and request id filled in. */
export function apiEvent(body: string | null, headers: Record<string, string> = {}): APIGatewayProxyEvent {
  return { body, headers, isBase64Encoded: false, requestContext: { requestId: 'api-req-0001' } } as unknown as APIGatewayProxyEvent;
}

/** An event whose body is `value` as JSON. */
export function jsonEvent(value: unknown): APIGatewayProxyEvent {
  return apiEvent(JSON.stringify(value));
}

/** An event whose body is `{"records": records}`. */
export function batchEvent(records: readonly unknown[]): APIGatewayProxyEvent {
  return jsonEvent({ records });
}

/** The sagemaker-xgboost container's `application/json` answer for these scores. */
export function modelAnswer(scores: readonly number[]): string {
  return JSON.stringify({ predictions: scores.map((score) => ({ score })) });
}

/** The body of a handler result, parsed. */
export function responseBody<T = Record<string, unknown>>(result: APIGatewayProxyResult): T {
  return JSON.parse(result.body) as T;
}

export interface ErrorResponseBody {
  error: { code: string; message: string; details?: { field: string; message: string }[] };
}

export interface PredictionResponseBody {
  modelVersion: string;
  predictions: { customerId?: string; churnProbability: number; riskLevel: string; recommendedAction: string }[];
}

export const TEST_CONFIG: PredictConfig = {
  endpointName: 'churn-endpoint-test',
  maxRecords: 10,
  riskThresholds: { medium: 0.3, high: 0.7 },
  recommendedActions: { low: 'none', medium: 'engagement-offer', high: 'retention-offer' },
  modelDeadlineMs: 20_000,
  modelVersion: 'sha256-test0123456789',
  allowedVariants: [],
  corsAllowedOrigins: [],
  contract: BUNDLED_CONTRACT,
};

export interface RecordedMetric {
  name: string;
  value: number;
  unit: MetricUnit;
  dimensions?: Readonly<Record<string, string>>;
}

export interface FakeDependencies extends PredictDependencies {
  readonly invokeModel: jest.MockedFunction<InvokeModel>;
  /** Every entry, as `{ level, message, ...keys of the invocation, ...fields }`. */
  readonly logs: Record<string, unknown>[];
  readonly metricsPut: RecordedMetric[];
  /** Every group written with putAll, with its dimensions. */
  readonly metricGroups: { values: readonly MetricValue[]; dimensions: Readonly<Record<string, string>> }[];
  /** How often the cold-start metric was asked for, and how often metrics were flushed. */
  readonly counters: { coldStart: number; flushes: number };
}

/** A model that scores every CSV row with `score(row)`. */
export function scoringModel(score: (row: string) => number = () => 0.5): InvokeModel {
  return async ({ csvBody }) => ({ body: modelAnswer(csvBody.split('\n').map(score)), invokedVariant: 'AllTraffic' });
}

/** A model that answers this body, whatever it is asked. */
export function answeringModel(body: string): InvokeModel {
  return async () => ({ body, invokedVariant: 'AllTraffic' });
}

/**
 * Recording fakes for createPredictHandler. By default the model scores every CSV row 0.5,
 * and the clock advances 25 ms per reading.
 */
export function fakeDependencies(overrides: { config?: PredictConfig | Error; invokeModel?: InvokeModel; now?: () => number } = {}): FakeDependencies {
  const logs: Record<string, unknown>[] = [];
  const metricsPut: RecordedMetric[] = [];
  const metricGroups: FakeDependencies['metricGroups'] = [];
  const counters = { coldStart: 0, flushes: 0 };
  let keys: LogFields = {};
  let clock = 1_000_000;
  const invokeModel = jest.fn<ReturnType<InvokeModel>, Parameters<InvokeModel>>(overrides.invokeModel ?? scoringModel());
  const record = (level: string) => (message: string, fields: LogFields = {}) => {
    const entry: Record<string, unknown> = { level, message, ...keys };
    for (const [name, value] of Object.entries(fields)) if (value !== undefined) entry[name] = value;
    logs.push(entry);
  };
  return {
    config: overrides.config ?? TEST_CONFIG,
    invokeModel,
    metrics: {
      put: (name, value, unit, dimensions) => {
        metricsPut.push(dimensions === undefined ? { name, value, unit } : { name, value, unit, dimensions });
      },
      putAll: (values, dimensions) => { metricGroups.push({ values, dimensions }); },
      captureColdStart: () => { counters.coldStart += 1; },
      flush: () => { counters.flushes += 1; },
    },
    logger: {
      beginInvocation: (_context, invocationKeys) => { keys = { ...invocationKeys }; },
      info: record('INFO'),
      error: record('ERROR'),
    },
    now: overrides.now ?? (() => (clock += 25)),
    logs,
    metricsPut,
    metricGroups,
    counters,
  };
}
