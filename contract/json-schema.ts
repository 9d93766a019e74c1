/**
 * The subset of JSON Schema draft-04 the API contract is written in. API Gateway validates request
 * bodies against draft-04 models, and the Lambda's own validator (lambda/predict/schema-validator.ts)
 * interprets exactly these keywords, so one schema object drives both.
 * Keywords: https://datatracker.ietf.org/doc/html/draft-fge-json-schema-validation-00
 */
export type JsonSchemaType = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';

export interface JsonSchema {
  readonly $schema?: string;
  readonly title?: string;
  readonly description?: string;
  readonly type?: JsonSchemaType;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  /** Only `false` is used: unknown properties are rejected. */
  readonly additionalProperties?: false;
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly enum?: readonly (string | number | boolean)[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  /** Only `{}` is used: the property may not be present at all. */
  readonly not?: Readonly<Record<string, never>>;
}

/** Every keyword the contract may use; a test fails if a schema uses another. */
export const SUPPORTED_KEYWORDS: readonly (keyof JsonSchema)[] = [
  '$schema', 'title', 'description', 'type', 'properties', 'required', 'additionalProperties', 'items',
  'minItems', 'maxItems', 'enum', 'minimum', 'maximum', 'minLength', 'maxLength', 'pattern', 'not',
];

export const DRAFT_04 = 'http://json-schema.org/draft-04/schema#';
