import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { JsonSchema } from '../../contract/json-schema';
import { predictionRequestSchema } from '../../contract/prediction-contract';
import { createPowertoolsRequestLogger, RequestLogger } from '../shared/logger';
import { createPowertoolsMetricWriter, MetricWriter } from '../shared/metrics';
import { createModelInvoker, InvokeModel, ModelCall } from '../shared/model-invoker';
import { createSageMakerRuntimeClient } from '../shared/sagemaker-runtime-client';
import { loadConfig, PredictConfig } from './config';
import { corsHeaders } from './cors';
import { ANSWER_DISTRIBUTION_DIMENSION, answerDistribution } from './answer-distribution';
import { encodeCsv } from './feature-encoder';
import { errorResponse, jsonResponse, withHeaders } from './http-response';
import { parseModelResponse } from './model-response';
import { MAX_REPORTED_ERRORS, PredictionRequest, summarizeFieldErrors, validatePredictionRequest } from './request-validator';
import { riskLevelOf } from './risk-level';
import { classifyUpstreamFault } from './upstream-fault';

export type { InvokeModel, ModelAnswer, ModelCall } from '../shared/model-invoker';

export interface PredictDependencies {
  /** The configuration, or the reason it could not be read. */
  readonly config: PredictConfig | Error;
  readonly invokeModel: InvokeModel;
  readonly metrics: MetricWriter;
  /** Structured log entries; they never hold customer data. */
  readonly logger: RequestLogger;
  readonly now: () => number;
}

/** The Lambda entry point: dependencies are built once per execution environment. */
export const handler = createPredictHandler(defaultDependencies());

export function createPredictHandler(deps: PredictDependencies) {
  const { config } = deps;
  const schema: JsonSchema | undefined = config instanceof Error
    ? undefined
    : predictionRequestSchema({ maxRecords: config.maxRecords, allowedVariants: config.allowedVariants, fields: config.contract.fields });

  // What Lambda calls: one answer per request, whatever fails; then the answer itself and the model call.
  return async (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> => {
    try {
      deps.logger.beginInvocation(context, { apiRequestId: event.requestContext?.requestId });
      deps.metrics.captureColdStart();
      const result = await answer(event, context);
      return config instanceof Error ? result : withHeaders(result, corsHeaders(event.headers, config.corsAllowedOrigins));
    } catch (error) {
      // A bug, not a model fault: answer honestly instead of letting Lambda report an unhandled error.
      deps.logger.error('unexpected failure', { errorName: error instanceof Error ? error.name : typeof error });
      deps.metrics.put('Faults', 1, 'Count', { FaultCode: 'InternalError' });
      return errorResponse(500, 'InternalError', 'The prediction could not be completed.');
    } finally {
      deps.metrics.flush();
    }
  };

  async function answer(event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> {
    if (config instanceof Error || schema === undefined) {
      deps.logger.error(config instanceof Error ? config.message : 'no request schema');
      deps.metrics.put('Faults', 1, 'Count', { FaultCode: 'ConfigurationError' });
      return errorResponse(500, 'ConfigurationError', 'The prediction service is misconfigured.');
    }
    const validation = validatePredictionRequest(requestBody(event), schema);
    if (!validation.ok) {
      // Only the count: field names and values are caller-supplied text.
      deps.logger.info('request rejected', { statusCode: 400, problems: validation.errors.length });
      deps.metrics.put('RejectedRequests', 1, 'Count');
      return errorResponse(400, 'InvalidRequest', summarizeFieldErrors(validation.errors), {
        details: validation.errors.slice(0, MAX_REPORTED_ERRORS),
      });
    }
    return score(validation.request, context, config);
  }

  async function score(request: PredictionRequest, context: Context, settings: PredictConfig): Promise<APIGatewayProxyResult> {
    const { records, targetVariant } = request;
    const deadlineMs = Math.max(1, Math.min(settings.modelDeadlineMs, context.getRemainingTimeInMillis() - RESPONSE_RESERVE_MS));
    const started = deps.now();
    try {
      const call: ModelCall = { csvBody: encodeCsv(records, settings.contract), ...(targetVariant !== undefined ? { targetVariant } : {}) };
      const answer = await deps.invokeModel(call, AbortSignal.timeout(deadlineMs));
      const probabilities = parseModelResponse(answer.body, records.length);
      const modelCallMs = deps.now() - started;
      deps.metrics.put('ModelCallLatency', modelCallMs, 'Milliseconds');
      deps.metrics.put('PredictedRecords', records.length, 'Count');
      deps.metrics.put('BatchSize', records.length, 'Count');
      deps.metrics.putAll(answerDistribution(probabilities, settings.riskThresholds), { [ANSWER_DISTRIBUTION_DIMENSION]: settings.endpointName });
      deps.logger.info('scored', {
        statusCode: 200, records: records.length, modelCallMs, targetVariant, invokedVariant: answer.invokedVariant,
      });
      return jsonResponse(200, {
        modelVersion: settings.modelVersion,
        predictions: probabilities.map((churnProbability, index) => {
          const { customerId } = records[index];
          const riskLevel = riskLevelOf(churnProbability, settings.riskThresholds);
          return {
            ...(customerId !== undefined ? { customerId } : {}),
            churnProbability,
            riskLevel,
            recommendedAction: settings.recommendedActions[riskLevel],
          };
        }),
      });
    } catch (error) {
      const fault = classifyUpstreamFault(error);
      const { name, OriginalStatusCode } = (error ?? {}) as { name?: unknown; OriginalStatusCode?: unknown };
      deps.logger.error('model call failed', {
        statusCode: fault.statusCode, faultCode: fault.code, errorName: typeof name === 'string' ? name : undefined,
        originalStatusCode: typeof OriginalStatusCode === 'number' ? OriginalStatusCode : undefined,
        records: records.length, elapsedMs: deps.now() - started,
      });
      deps.metrics.put('Faults', 1, 'Count', { FaultCode: fault.code });
      return errorResponse(fault.statusCode, fault.code, fault.message, { retryAfterSeconds: fault.retryAfterSeconds });
    }
  }
}

function defaultDependencies(): PredictDependencies {
  const config = configFromEnvironment();
  const client = createSageMakerRuntimeClient();
  return {
    config,
    invokeModel: config instanceof Error ? () => Promise.reject(config) : createModelInvoker(client, config.endpointName),
    metrics: createPowertoolsMetricWriter(),
    logger: createPowertoolsRequestLogger(),
    now: Date.now,
  };
}

function configFromEnvironment(): PredictConfig | Error {
  try {
    return loadConfig(process.env);
  } catch (error) {
    return error as Error;
  }
}

function requestBody(event: APIGatewayProxyEvent): string | null {
  if (event.body === null || event.body === undefined) return null;
  return event.isBase64Encoded === true ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

/** Time kept back from the function's own timeout to answer after a model timeout. */
const RESPONSE_RESERVE_MS = 1_000;
