import { InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { createEmfMetricWriter, MetricWriter } from '../shared/metrics';
import { createSageMakerRuntimeClient } from '../shared/sagemaker-runtime-client';
import { loadConfig, PredictConfig } from './config';
import { encodeCsv } from './feature-encoder';
import { FEATURE_SCHEMA } from './feature-schema';
import { errorResponse, jsonResponse } from './http-response';
import { parseModelResponse } from './model-response';
import { MAX_REPORTED_ERRORS, summarizeFieldErrors, validatePredictionRequest } from './request-validator';
import { riskLevelOf } from './risk-level';
import { classifyUpstreamFault } from './upstream-fault';

/** Sends a `text/csv` body to the endpoint and returns its `application/json` answer. */
export type InvokeModel = (csvBody: string, abortSignal: AbortSignal) => Promise<string>;

export interface PredictDependencies {
  /** The configuration, or the reason it could not be read. */
  readonly config: PredictConfig | Error;
  readonly invokeModel: InvokeModel;
  readonly metrics: MetricWriter;
  /** Writes one structured log entry; entries never hold customer data. */
  readonly log: (entry: Record<string, unknown>) => void;
  readonly now: () => number;
}

/** Time kept back from the function's own timeout to answer after a model timeout. */
const RESPONSE_RESERVE_MS = 1_000;

export function createPredictHandler(deps: PredictDependencies) {
  return async (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> => {
    const requestId = context.awsRequestId;
    const { config } = deps;
    if (config instanceof Error) {
      deps.log({ level: 'ERROR', requestId, message: config.message });
      deps.metrics.put('Faults', 1, 'Count', { FaultCode: 'ConfigurationError' });
      return errorResponse(500, 'ConfigurationError', 'The prediction service is misconfigured.');
    }

    const validation = validatePredictionRequest(event.body, FEATURE_SCHEMA, config.maxRecords);
    if (!validation.ok) {
      // Only the count: unknown field names are caller-supplied text.
      deps.log({ level: 'INFO', requestId, message: 'request rejected', statusCode: 400, problems: validation.errors.length });
      deps.metrics.put('RejectedRequests', 1, 'Count');
      return errorResponse(400, 'InvalidRequest', summarizeFieldErrors(validation.errors), {
        details: validation.errors.slice(0, MAX_REPORTED_ERRORS),
      });
    }

    const { records } = validation;
    const deadlineMs = Math.max(1, Math.min(config.modelDeadlineMs, context.getRemainingTimeInMillis() - RESPONSE_RESERVE_MS));
    const started = deps.now();
    try {
      const answer = await deps.invokeModel(encodeCsv(records, FEATURE_SCHEMA), AbortSignal.timeout(deadlineMs));
      const probabilities = parseModelResponse(answer, records.length);
      const modelCallMs = deps.now() - started;
      deps.metrics.put('ModelCallLatency', modelCallMs, 'Milliseconds');
      deps.metrics.put('PredictedRecords', records.length, 'Count');
      deps.log({ level: 'INFO', requestId, message: 'scored', statusCode: 200, records: records.length, modelCallMs });
      return jsonResponse(200, {
        predictions: probabilities.map((churnProbability) => ({
          churnProbability,
          riskLevel: riskLevelOf(churnProbability, config.riskThresholds),
        })),
      });
    } catch (error) {
      const fault = classifyUpstreamFault(error);
      const { name, OriginalStatusCode } = (error ?? {}) as { name?: string; OriginalStatusCode?: number };
      deps.log({
        level: 'ERROR', requestId, message: 'model call failed', statusCode: fault.statusCode, faultCode: fault.code,
        errorName: name, originalStatusCode: OriginalStatusCode, records: records.length, elapsedMs: deps.now() - started,
      });
      deps.metrics.put('Faults', 1, 'Count', { FaultCode: fault.code });
      return errorResponse(fault.statusCode, fault.code, fault.message, { retryAfterSeconds: fault.retryAfterSeconds });
    }
  };
}

function configFromEnvironment(): PredictConfig | Error {
  try {
    return loadConfig(process.env);
  } catch (error) {
    return error as Error;
  }
}

function defaultDependencies(): PredictDependencies {
  const config = configFromEnvironment();
  const client = createSageMakerRuntimeClient();
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  return {
    config,
    invokeModel: async (csvBody, abortSignal) => {
      if (config instanceof Error) throw config;
      const response = await client.send(new InvokeEndpointCommand({
        EndpointName: config.endpointName,
        ContentType: 'text/csv',
        Accept: 'application/json',
        Body: encoder.encode(csvBody),
      }), { abortSignal });
      return decoder.decode(response.Body);
    },
    metrics: createEmfMetricWriter('PredictFunction'),
    log: (entry) => process.stdout.write(`${JSON.stringify(entry)}\n`),
    now: Date.now,
  };
}

/** The Lambda entry point: dependencies are built once per execution environment. */
export const handler = createPredictHandler(defaultDependencies());
