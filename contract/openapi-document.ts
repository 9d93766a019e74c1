/**
 * The OpenAPI 3.0 description of the API, generated from the contract's schemas and error codes and
 * the served model package's input contract, so each deployment documents its own record fields
 * (PredictionApi.openApiDocument). `npm run contract` writes the bundled package's to
 * contract/openapi.json; a test fails when the committed file drifts.
 */
import { ERROR_CODES } from './error-codes';
import type { JsonSchema } from './json-schema';
import type { ModelContract } from './model-contract';
import {
  DEFAULT_REQUEST_LIMITS, ERROR_RESPONSE_SCHEMA, PREDICTION_RESPONSE_SCHEMA, PREDICTIONS_PATH, predictionRequestSchema,
  RequestContractOptions,
} from './prediction-contract';

/** What a deployment limits besides the record's fields: records per request, targetable variants. */
export type RequestLimits = Omit<RequestContractOptions, 'fields'>;

/** OpenAPI 3.0 Schema Objects take no `$schema`; the rest of the contract's keywords carry over. */
function openApiSchema(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, ...rest } = schema;
  return rest;
}

const RETRY_AFTER = {
  description: 'Seconds to wait before retrying.',
  schema: { type: 'integer', minimum: 0 },
};

function errorResponse(status: string, codes: Readonly<Record<string, string>>) {
  const list = Object.entries(codes).map(([code, meaning]) => `- \`${code}\`: ${meaning}`).join('\n');
  const retry = ['429', '502', '503', '504'].includes(status);
  return {
    description: `Error codes:\n${list}`,
    ...(retry ? { headers: { 'Retry-After': RETRY_AFTER } } : {}),
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } },
  };
}

/**
 * The document for a model package's contract, with the default limits (100 records, no variant
 * targeting) unless given others.
 */
export function openApiDocument(contract: ModelContract, limits: RequestLimits = DEFAULT_REQUEST_LIMITS): Record<string, unknown> {
  const options: RequestContractOptions = { ...limits, fields: contract.fields };
  return {
    openapi: '3.0.3',
    info: {
      title: 'Churn prediction API',
      version: '1.0.0',
      description: 'Scores customer records on the churn model and answers, per record, the churn probability, its risk band '
        + 'and the recommended action. Requests are signed with SigV4 (service `execute-api`) unless the stage is '
        + 'configured for API keys. Limits shown are the defaults; a stage may configure fewer records per request '
        + `(at most ${options.maxRecords} here) and the production variants a caller may target. `
        + `The records are those of the model package \`${contract.name}\`: ${contract.description}`,
    },
    servers: [{
      url: 'https://{restApiId}.execute-api.{region}.amazonaws.com/live',
      variables: {
        restApiId: { default: 'abcdef1234', description: 'The stack output PredictionsUrl shows the full URL.' },
        region: { default: 'us-east-1' },
      },
    }],
    security: [{ sigv4: [] }],
    paths: {
      [PREDICTIONS_PATH]: {
        post: {
          operationId: 'predictChurn',
          summary: 'Score a batch of customers',
          security: [{ sigv4: [] }, { apiKey: [] }],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/PredictionRequest' } } },
          },
          responses: {
            200: {
              description: 'One prediction per record, in request order.',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/PredictionResponse' } } },
            },
            ...Object.fromEntries(Object.entries(ERROR_CODES).map(([status, codes]) => [status, errorResponse(status, codes)])),
          },
        },
      },
    },
    components: {
      securitySchemes: {
        sigv4: {
          type: 'apiKey',
          name: 'Authorization',
          in: 'header',
          description: 'AWS Signature Version 4 (service execute-api); the caller needs execute-api:Invoke on the API.',
          'x-amazon-apigateway-authtype': 'awsSigv4',
        },
        apiKey: {
          type: 'apiKey',
          name: 'x-api-key',
          in: 'header',
          description: 'Only when the stage is configured with API keys and a usage plan.',
        },
      },
      schemas: {
        PredictionRequest: openApiSchema(predictionRequestSchema(options)),
        PredictionResponse: openApiSchema(PREDICTION_RESPONSE_SCHEMA),
        ErrorResponse: openApiSchema(ERROR_RESPONSE_SCHEMA),
      },
    },
  };
}

/** The document as committed: two-space JSON with a final newline. */
export function openApiText(contract: ModelContract, limits: RequestLimits = DEFAULT_REQUEST_LIMITS): string {
  return `${JSON.stringify(openApiDocument(contract, limits), null, 2)}\n`;
}
