import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type { JsonSchema, JsonSchemaType } from '../../contract/json-schema';

const TYPES: Record<JsonSchemaType, apigateway.JsonSchemaType> = {
  object: apigateway.JsonSchemaType.OBJECT,
  array: apigateway.JsonSchemaType.ARRAY,
  string: apigateway.JsonSchemaType.STRING,
  number: apigateway.JsonSchemaType.NUMBER,
  integer: apigateway.JsonSchemaType.INTEGER,
  boolean: apigateway.JsonSchemaType.BOOLEAN,
};

/**
 * A contract schema in the shape of CDK's `JsonSchema` (which spells `$schema` as `schema`). CDK
 * maps it back when it writes the model, so the template carries the contract's schema unchanged;
 * a test compares the two.
 */
export function toApiGatewayJsonSchema(schema: JsonSchema): apigateway.JsonSchema {
  const { $schema, type, properties, items, not, enum: values, required, ...plain } = schema;
  return {
    ...plain,
    ...($schema !== undefined ? { schema: apigateway.JsonSchemaVersion.DRAFT4 } : {}),
    ...(type !== undefined ? { type: TYPES[type] } : {}),
    ...(properties !== undefined
      ? { properties: Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, toApiGatewayJsonSchema(property)])) }
      : {}),
    ...(items !== undefined ? { items: toApiGatewayJsonSchema(items) } : {}),
    ...(not !== undefined ? { not: {} } : {}),
    ...(values !== undefined ? { enum: [...values] } : {}),
    ...(required !== undefined ? { required: [...required] } : {}),
  };
}
