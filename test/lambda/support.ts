/**
 * Shared helpers for the Lambda unit tests: valid records taken from model/golden.json,
 * Lambda context and API Gateway event factories, and recording fakes for the handler's
 * dependencies.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import golden from '../../model/golden.json';
import type { PredictConfig } from '../../lambda/predict/config';
import type { InvokeModel, PredictDependencies } from '../../lambda/predict/handler';
import type { MetricUnit } from '../../lambda/shared/metrics';

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
  return { awsRequestId, getRemainingTimeInMillis: () => remainingTimeMs } as unknown as Context;
}

/** An API Gateway proxy event with only the body filled in. */
export function apiEvent(body: string | null): APIGatewayProxyEvent {
  return { body } as unknown as APIGatewayProxyEvent;
}

/** An event whose body is `value` as JSON. */
export function jsonEvent(value: unknown): APIGatewayProxyEvent {
  return apiEvent(JSON.stringify(value));
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
  predictions: { churnProbability: number; riskLevel: string }[];
}

export const TEST_CONFIG: PredictConfig = {
  endpointName: 'churn-endpoint-test',
  maxRecords: 10,
  riskThresholds: { medium: 0.3, high: 0.7 },
  modelDeadlineMs: 20_000,
};

export interface RecordedMetric {
  name: string;
  value: number;
  unit: MetricUnit;
  dimensions?: Readonly<Record<string, string>>;
}

export interface FakeDependencies extends PredictDependencies {
  readonly invokeModel: jest.MockedFunction<InvokeModel>;
  readonly logs: Record<string, unknown>[];
  readonly metricsPut: RecordedMetric[];
}

/**
 * Recording fakes for createPredictHandler. By default the model scores every CSV row 0.5,
 * and the clock advances 25 ms per reading.
 */
export function fakeDependencies(overrides: { config?: PredictConfig | Error; invokeModel?: InvokeModel; now?: () => number } = {}): FakeDependencies {
  const logs: Record<string, unknown>[] = [];
  const metricsPut: RecordedMetric[] = [];
  let clock = 1_000_000;
  const invokeModel = jest.fn<ReturnType<InvokeModel>, Parameters<InvokeModel>>(
    overrides.invokeModel ?? (async (csvBody) => modelAnswer(csvBody.split('\n').map(() => 0.5))),
  );
  return {
    config: overrides.config ?? TEST_CONFIG,
    invokeModel,
    metrics: {
      put: (name, value, unit, dimensions) => {
        metricsPut.push(dimensions === undefined ? { name, value, unit } : { name, value, unit, dimensions });
      },
    },
    log: (entry) => logs.push(structuredClone(entry)),
    now: overrides.now ?? (() => (clock += 25)),
    logs,
    metricsPut,
  };
}
