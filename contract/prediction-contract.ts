/**
 * The prediction API's contract: request, response and error JSON Schemas (draft-04), kept in this
 * one place and used three ways: the API Gateway request model and validator (lib/api), the
 * Lambda's own validation (lambda/predict), and the committed OpenAPI document (contract/openapi.json).
 * The customer record's fields come from the served model package's contract (model-contract.ts).
 * Pure data, no AWS CDK: the Lambda bundles it.
 */
import { DRAFT_04, JsonSchema } from './json-schema';
import type { FieldSpec } from './model-contract';

export type { FieldSpec } from './model-contract';

/** The route of this contract version; a breaking change gets a new version beside it. */
export const PREDICTIONS_PATH = '/v1/predictions';

/** Most records one request may hold unless configured otherwise. */
export const DEFAULT_MAX_RECORDS = 100;

/** Hard ceiling on records per request: 100 full records are ~75 KB, far below Lambda's 6 MB payload limit. */
export const MAX_RECORDS_CEILING = 1_000;

/** Risk bands, lowest first. */
export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** What the calling backend should do for a customer in each risk band (a stage setting). */
export type RecommendedActions = Readonly<Record<RiskLevel, string>>;

/** Probability cut-offs: below `medium` is low risk, from `high` up is high risk. */
export interface RiskThresholds {
  readonly medium: number;
  readonly high: number;
}

export const DEFAULT_RISK_THRESHOLDS: RiskThresholds = { medium: 0.3, high: 0.7 };

export const DEFAULT_RECOMMENDED_ACTIONS: RecommendedActions = { low: 'none', medium: 'engagement-offer', high: 'retention-offer' };

/** A caller's own customer reference: echoed back, never logged, never sent to the model. */
export const CUSTOMER_ID_SCHEMA: JsonSchema = {
  type: 'string',
  description: 'Your own reference for the customer, echoed back in the prediction. Never logged, never sent to the model.',
  minLength: 1,
  maxLength: 64,
  pattern: '^[A-Za-z0-9._:@-]+$',
};

/** SageMaker production variant names: alphanumerics and hyphens, at most 63 characters. */
export const VARIANT_NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

/** Recommended-action identifiers: lower-case words joined by hyphens. */
export const ACTION_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

function fieldSchema(field: FieldSpec): JsonSchema {
  return {
    type: field.type,
    description: field.description,
    ...(field.enum !== undefined ? { enum: field.enum } : {}),
    ...(field.minimum !== undefined ? { minimum: field.minimum } : {}),
    ...(field.maximum !== undefined ? { maximum: field.maximum } : {}),
  };
}

/** One customer record: every field of the model's contract required, plus an optional customerId. */
export function customerRecordSchema(fields: readonly FieldSpec[]): JsonSchema {
  return {
    type: 'object',
    description: 'One customer. Every model field is required; unknown fields are rejected.',
    required: fields.map((field) => field.name),
    additionalProperties: false,
    properties: {
      customerId: CUSTOMER_ID_SCHEMA,
      ...Object.fromEntries(fields.map((field) => [field.name, fieldSchema(field)])),
    },
  };
}

export interface RequestContractOptions {
  /** The customer record's fields: the served model package's contract's. */
  readonly fields: readonly FieldSpec[];
  /** Most records in one request, 1 to MAX_RECORDS_CEILING. */
  readonly maxRecords: number;
  /** Production variants a caller may target; empty means `targetVariant` is rejected. */
  readonly allowedVariants: readonly string[];
}

/** The request options of a deployment with default settings: 100 records, no variant targeting. */
export const DEFAULT_REQUEST_LIMITS: Omit<RequestContractOptions, 'fields'> = { maxRecords: DEFAULT_MAX_RECORDS, allowedVariants: [] };

function targetVariantSchema(allowedVariants: readonly string[]): JsonSchema {
  if (allowedVariants.length === 0) {
    return { description: 'Variant targeting is not enabled on this API.', not: {} };
  }
  return {
    type: 'string',
    description: 'Score on this production variant of the endpoint instead of the weighted choice.',
    enum: allowedVariants,
  };
}

/** The body of `POST /v1/predictions`: a batch of 1..maxRecords customer records. */
export function predictionRequestSchema(options: RequestContractOptions): JsonSchema {
  return {
    $schema: DRAFT_04,
    title: 'PredictionRequest',
    type: 'object',
    required: ['records'],
    additionalProperties: false,
    properties: {
      records: {
        type: 'array',
        description: 'The customers to score; predictions come back in the same order.',
        minItems: 1,
        maxItems: options.maxRecords,
        items: customerRecordSchema(options.fields),
      },
      targetVariant: targetVariantSchema(options.allowedVariants),
    },
  };
}

/** The 200 answer. */
export const PREDICTION_RESPONSE_SCHEMA: JsonSchema = {
  $schema: DRAFT_04,
  title: 'PredictionResponse',
  type: 'object',
  required: ['modelVersion', 'predictions'],
  additionalProperties: false,
  properties: {
    modelVersion: {
      type: 'string',
      description: 'The model that scored the batch (for the bundled model, a digest of its archive).',
      minLength: 1,
    },
    predictions: {
      type: 'array',
      description: 'One prediction per record, in request order.',
      items: {
        type: 'object',
        required: ['churnProbability', 'riskLevel', 'recommendedAction'],
        additionalProperties: false,
        properties: {
          customerId: CUSTOMER_ID_SCHEMA,
          churnProbability: { type: 'number', minimum: 0, maximum: 1, description: 'Probability that the customer churns.' },
          riskLevel: { type: 'string', enum: RISK_LEVELS, description: 'The risk band of the probability.' },
          recommendedAction: {
            type: 'string',
            pattern: ACTION_PATTERN.source,
            description: 'What the backend should do for this band (configured per stage).',
          },
        },
      },
    },
  },
};

/** Every 4xx and 5xx answer, from the Lambda or from API Gateway. */
export const ERROR_RESPONSE_SCHEMA: JsonSchema = {
  $schema: DRAFT_04,
  title: 'ErrorResponse',
  type: 'object',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      additionalProperties: false,
      properties: {
        code: { type: 'string', description: 'Stable machine-readable code.' },
        message: { type: 'string', description: 'Human-readable summary; never echoes the model\'s own error text.' },
        details: {
          type: 'array',
          description: 'For InvalidRequest from the function: every broken rule (at most 50), naming its field.',
          items: {
            type: 'object',
            required: ['field', 'message'],
            additionalProperties: false,
            properties: {
              field: { type: 'string', description: 'JSON path of the field, e.g. records[2].totalDayMinutes.' },
              message: { type: 'string', description: 'The rule broken, e.g. "must be at most 703".' },
            },
          },
        },
      },
    },
  },
};
