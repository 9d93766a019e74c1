import * as fs from 'fs';
import { ERROR_CODES } from '../../contract/error-codes';
import { JsonSchema, SUPPORTED_KEYWORDS } from '../../contract/json-schema';
import { openApiDocument, openApiText } from '../../contract/openapi-document';
import {
  ERROR_RESPONSE_SCHEMA, PREDICTION_RESPONSE_SCHEMA, PREDICTIONS_PATH, predictionRequestSchema,
} from '../../contract/prediction-contract';
import { OPENAPI_FILE } from '../../scripts/write-openapi';
import { BUNDLED_CONTRACT, bundledRequest, contractOf, STATE_PACKAGE_DIR } from '../support/model-packages';
import { draft04Validator } from './draft-04-validator';

type Doc = {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: { $ref: string } }> }> }>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, unknown> };
};

/** Every `$ref` in a value. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => (key === '$ref' && typeof child === 'string' ? [child] : refsIn(child)));
}

/** Every keyword used anywhere in a schema (property names are not keywords). */
function keywordsIn(schema: JsonSchema): string[] {
  return Object.entries(schema).flatMap(([keyword, value]) => {
    if (keyword === 'properties') return [keyword, ...Object.values(value as Record<string, JsonSchema>).flatMap(keywordsIn)];
    if (keyword === 'items' || keyword === 'not') return [keyword, ...keywordsIn(value as JsonSchema)];
    return [keyword];
  });
}

describe('the committed OpenAPI document (contract/openapi.json)', () => {
  test('is what the contract generates: run `npm run contract` after changing the contract', () => {
    expect(fs.readFileSync(OPENAPI_FILE, 'utf8')).toBe(openApiText(BUNDLED_CONTRACT));
  });

  const doc = openApiDocument(BUNDLED_CONTRACT) as unknown as Doc;

  test('is OpenAPI 3.0 with POST /v1/predictions, SigV4 by default and API keys as an alternative', () => {
    expect(openApiDocument(BUNDLED_CONTRACT)).toMatchObject({ openapi: '3.0.3', security: [{ sigv4: [] }] });
    expect(Object.keys(doc.paths)).toEqual([PREDICTIONS_PATH]);
    expect(PREDICTIONS_PATH).toBe('/v1/predictions');
    expect(Object.keys(doc.paths[PREDICTIONS_PATH])).toEqual(['post']);
    expect(doc.components.securitySchemes).toMatchObject({
      sigv4: { type: 'apiKey', in: 'header', name: 'Authorization', 'x-amazon-apigateway-authtype': 'awsSigv4' },
      apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
    });
  });

  test('every $ref resolves to a component schema', () => {
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(5);
    for (const ref of refs) expect(Object.keys(doc.components.schemas)).toContain(ref.replace('#/components/schemas/', ''));
  });

  test('carries the contract\'s schemas, less the draft-04 $schema', () => {
    const { $schema: _request, ...request } = predictionRequestSchema(bundledRequest({ maxRecords: 100, allowedVariants: [] }));
    const { $schema: _response, ...response } = PREDICTION_RESPONSE_SCHEMA;
    const { $schema: _error, ...error } = ERROR_RESPONSE_SCHEMA;
    expect(doc.components.schemas).toEqual({ PredictionRequest: request, PredictionResponse: response, ErrorResponse: error });
  });

  test('documents 200 and every status that has error codes, each code listed', () => {
    const { responses } = doc.paths[PREDICTIONS_PATH].post;
    expect(Object.keys(responses).sort()).toEqual(['200', ...Object.keys(ERROR_CODES)].sort());
    for (const [status, codes] of Object.entries(ERROR_CODES)) {
      const text = JSON.stringify(responses[status]);
      for (const code of Object.keys(codes)) expect(text).toContain(`\`${code}\``);
      expect(responses[status].content?.['application/json'].schema.$ref).toBe('#/components/schemas/ErrorResponse');
    }
  });
});

describe('the contract\'s schemas', () => {
  const schemas: [string, JsonSchema][] = [
    ['request (defaults)', predictionRequestSchema(bundledRequest({ maxRecords: 100, allowedVariants: [] }))],
    ['request (variants allowed)', predictionRequestSchema(bundledRequest({ maxRecords: 7, allowedVariants: ['Blue'] }))],
    ['request (the example package)', predictionRequestSchema({ maxRecords: 7, allowedVariants: [], fields: contractOf(STATE_PACKAGE_DIR).fields })],
    ['response', PREDICTION_RESPONSE_SCHEMA],
    ['error', ERROR_RESPONSE_SCHEMA],
  ];

  test.each(schemas)('the %s schema uses only keywords the function interprets', (_, schema) => {
    expect(keywordsIn(schema).filter((keyword) => !(SUPPORTED_KEYWORDS as readonly string[]).includes(keyword))).toEqual([]);
  });

  test.each(schemas)('the %s schema is valid draft-04 (strict Ajv compiles it)', (_, schema) => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
    expect(() => draft04Validator(schema)).not.toThrow();
  });

  test('maxRecords and the allowed variants reach the request schema', () => {
    const schema = predictionRequestSchema(bundledRequest({ maxRecords: 7, allowedVariants: ['Blue', 'Green'] }));
    expect(schema.properties?.records).toMatchObject({ minItems: 1, maxItems: 7 });
    expect(schema.properties?.targetVariant).toEqual(expect.objectContaining({ type: 'string', enum: ['Blue', 'Green'] }));
    expect(predictionRequestSchema(bundledRequest({ maxRecords: 7, allowedVariants: [] })).properties?.targetVariant)
      .toEqual(expect.objectContaining({ not: {} }));
  });

  test('every field of the bundled package\'s contract is required, customerId is optional', () => {
    const recordSchema = predictionRequestSchema(bundledRequest({ maxRecords: 100, allowedVariants: [] })).properties?.records.items as JsonSchema;
    expect(recordSchema.required).toHaveLength(18);
    expect(recordSchema.required).not.toContain('customerId');
    expect(Object.keys(recordSchema.properties ?? {})).toEqual(['customerId', ...(recordSchema.required ?? [])]);
  });

  test('another package\'s contract gives another record: exactly its fields, in its order', () => {
    const contract = contractOf(STATE_PACKAGE_DIR);
    const recordSchema = predictionRequestSchema({ maxRecords: 100, allowedVariants: [], fields: contract.fields }).properties?.records.items as JsonSchema;
    expect(recordSchema.required).toEqual(contract.fields.map((field) => field.name));
    expect(recordSchema.required).toContain('state');
    expect(recordSchema.required).not.toContain('areaCode');
    expect(recordSchema.properties?.state).toEqual(expect.objectContaining({ type: 'string', enum: expect.arrayContaining(['CA', 'NY', 'DC']) }));
  });

  test('the OpenAPI document of a package names the package and carries its record', () => {
    const contract = contractOf(STATE_PACKAGE_DIR);
    const document = openApiDocument(contract, { maxRecords: 25, allowedVariants: ['Blue'] }) as unknown as Doc & { info: { description: string } };
    expect(document.info.description).toContain('`churn-telco-state`');
    const { $schema: _dialect, ...request } = predictionRequestSchema({ maxRecords: 25, allowedVariants: ['Blue'], fields: contract.fields });
    expect(document.components.schemas.PredictionRequest).toEqual(request);
  });
});

describe('code the function bundles', () => {
  test('lambda/ and contract/ never import aws-cdk-lib or constructs', () => {
    const files = ['lambda', 'contract'].flatMap((dir) => (fs.readdirSync(`${__dirname}/../../${dir}`, { recursive: true }) as string[])
      .map((file) => `${dir}/${file}`)).filter((file) => file.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = fs.readFileSync(`${__dirname}/../../${file}`, 'utf8');
      expect({ file, importsCdk: /from '(aws-cdk-lib|constructs)[/']/.test(text) }).toEqual({ file, importsCdk: false });
    }
  });
});
