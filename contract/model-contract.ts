/**
 * The input contract of a model package (`contract.json`): the API record's fields, with their
 * types, vocabularies and accepted ranges, and the model's features in order, each computed from
 * the fields. model/train.py writes it; model/README.md documents it.
 *
 * Pure data and checks, no AWS CDK: the constructs read a package's contract at synth (request
 * model, OpenAPI document, archive checks), and the prediction function reads the deployed one at
 * init (validation and CSV encoding), so one function bundle serves any package.
 */

/** The contract format this code reads. */
export const MODEL_CONTRACT_FORMAT_VERSION = 1;

/** The API's own fields, which a contract may not use. */
export const RESERVED_FIELD_NAMES: readonly string[] = ['customerId'];

/** One field of the API's customer record. */
export interface FieldSpec {
  readonly name: string;
  readonly type: 'string' | 'boolean' | 'integer' | 'number';
  /**
   * The accepted values of a `string` field (required for them; other types take none).
   * @default - none
   */
  readonly enum?: readonly string[];
  /**
   * The smallest accepted value of an integer or number.
   * @default - no lower bound
   */
  readonly minimum?: number;
  /**
   * The largest accepted value of an integer or number.
   * @default - no upper bound
   */
  readonly maximum?: number;
  /**
   * The smallest value seen in training (information only).
   * @default - not recorded
   */
  readonly observedMinimum?: number;
  /**
   * The largest value seen in training (information only).
   * @default - not recorded
   */
  readonly observedMaximum?: number;
  readonly description: string;
}

/** How one model column is computed from the record; `description` is optional (default: none). */
export type FeatureSpec =
  | { readonly name: string; readonly encoding: 'number' | 'boolean01'; readonly source: string; readonly description?: string }
  | { readonly name: string; readonly encoding: 'oneHot'; readonly source: string; readonly category: string; readonly description?: string }
  | { readonly name: string; readonly encoding: 'sum'; readonly sources: readonly string[]; readonly description?: string };

/** A model package's input contract, as `contract.json` holds it. */
export interface ModelContract {
  readonly formatVersion: typeof MODEL_CONTRACT_FORMAT_VERSION;
  /** The package's name, e.g. `churn-telco`. */
  readonly name: string;
  /** What the model predicts from what. */
  readonly description: string;
  /**
   * The label the model was trained on, and its positive value (information only).
   * @default - not recorded
   */
  readonly target?: { readonly column: string; readonly positiveLabel: string };
  /** The API record's fields, in the order the API documents them. */
  readonly fields: readonly FieldSpec[];
  /** The model's CSV columns, in order. */
  readonly features: readonly FeatureSpec[];
}

/** A contract that cannot be served, with every problem found. */
export class ModelContractError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid model contract (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${problems.join('; ')}`);
    this.name = 'ModelContractError';
  }
}

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const TOP_KEYS = ['formatVersion', 'name', 'description', 'target', 'fields', 'features'];
const FIELD_KEYS: Record<FieldSpec['type'], readonly string[]> = {
  string: ['name', 'type', 'enum', 'description'],
  boolean: ['name', 'type', 'description'],
  integer: ['name', 'type', 'minimum', 'maximum', 'observedMinimum', 'observedMaximum', 'description'],
  number: ['name', 'type', 'minimum', 'maximum', 'observedMinimum', 'observedMaximum', 'description'],
};
const FEATURE_KEYS: Record<FeatureSpec['encoding'], readonly string[]> = {
  number: ['name', 'encoding', 'source', 'description'],
  boolean01: ['name', 'encoding', 'source', 'description'],
  oneHot: ['name', 'encoding', 'source', 'category', 'description'],
  sum: ['name', 'encoding', 'sources', 'description'],
};
/** The field type each encoding reads. */
const SOURCE_TYPES: Record<FeatureSpec['encoding'], readonly FieldSpec['type'][]> = {
  number: ['integer', 'number'],
  boolean01: ['boolean'],
  oneHot: ['string'],
  sum: ['integer', 'number'],
};

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function unknownKeys(value: Json, allowed: readonly string[], path: string, problems: string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) problems.push(`${path === '' ? key : `${path}.${key}`} is not a known property`);
  }
}

function checkField(field: unknown, path: string, problems: string[]): field is FieldSpec {
  if (!isObject(field)) {
    problems.push(`${path} must be an object`);
    return false;
  }
  const type = field.type as FieldSpec['type'];
  if (!Object.hasOwn(FIELD_KEYS, type)) {
    problems.push(`${path}.type must be string, boolean, integer or number, got ${JSON.stringify(field.type)}`);
    return false;
  }
  const before = problems.length;
  unknownKeys(field, FIELD_KEYS[type], path, problems);
  if (typeof field.name !== 'string' || !FIELD_NAME.test(field.name)) {
    problems.push(`${path}.name must be an identifier (letters, digits, _), got ${JSON.stringify(field.name)}`);
  } else if (RESERVED_FIELD_NAMES.includes(field.name)) {
    problems.push(`${path}.name ${field.name} is reserved by the API`);
  }
  if (typeof field.description !== 'string') problems.push(`${path}.description must be a string`);
  if (type === 'string') {
    const values = field.enum;
    if (!Array.isArray(values) || values.length === 0 || !values.every(isText) || new Set(values).size !== values.length) {
      problems.push(`${path}.enum must list the accepted values: distinct, non-empty strings`);
    }
  }
  for (const key of ['minimum', 'maximum', 'observedMinimum', 'observedMaximum']) {
    const value = field[key];
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value))) problems.push(`${path}.${key} must be a number`);
  }
  if (typeof field.minimum === 'number' && typeof field.maximum === 'number' && field.minimum > field.maximum) {
    problems.push(`${path}.minimum (${field.minimum}) exceeds its maximum (${field.maximum})`);
  }
  return problems.length === before;
}

/**
 * Checks one feature against the valid fields; a source that names a field with problems of its own
 * (`declared` but not valid) is not reported again.
 */
function checkFeature(
  feature: unknown, path: string, fields: ReadonlyMap<string, FieldSpec>, declared: ReadonlySet<unknown>, problems: string[],
): void {
  if (!isObject(feature)) {
    problems.push(`${path} must be an object`);
    return;
  }
  const encoding = feature.encoding as FeatureSpec['encoding'];
  if (!Object.hasOwn(FEATURE_KEYS, encoding)) {
    problems.push(`${path}.encoding must be number, boolean01, oneHot or sum, got ${JSON.stringify(feature.encoding)}`);
    return;
  }
  unknownKeys(feature, FEATURE_KEYS[encoding], path, problems);
  if (!isText(feature.name)) problems.push(`${path}.name must be a non-empty string`);
  if (feature.description !== undefined && typeof feature.description !== 'string') problems.push(`${path}.description must be a string`);
  const sources: unknown[] = encoding === 'sum'
    ? (Array.isArray(feature.sources) && feature.sources.length > 0 ? feature.sources : [])
    : [feature.source];
  if (encoding === 'sum' && sources.length === 0) problems.push(`${path}.sources must list at least one field`);
  const sourceKey = encoding === 'sum' ? 'sources' : 'source';
  for (const source of sources) {
    const field = typeof source === 'string' ? fields.get(source) : undefined;
    if (field === undefined && declared.has(source)) continue;
    if (field === undefined) {
      problems.push(`${path}.${sourceKey} must name a field of the contract, got ${JSON.stringify(source)}`);
    } else if (!SOURCE_TYPES[encoding].includes(field.type)) {
      problems.push(`${path}: encoding ${encoding} cannot read ${field.type} field ${field.name}`);
    } else if (encoding === 'oneHot' && !(field.enum ?? []).includes(feature.category as string)) {
      problems.push(`${path}.category must be one of ${field.name}'s values, got ${JSON.stringify(feature.category)}`);
    }
  }
}

function duplicates(names: readonly unknown[]): string[] {
  return [...new Set(names.filter((name, index) => typeof name === 'string' && names.indexOf(name) !== index))] as string[];
}

/** Every problem that keeps `value` from being a servable contract, each naming its place; empty when it is one. */
export function modelContractProblems(value: unknown): string[] {
  if (!isObject(value)) return ['the contract must be a JSON object'];
  const problems: string[] = [];
  unknownKeys(value, TOP_KEYS, '', problems);
  if (value.formatVersion !== MODEL_CONTRACT_FORMAT_VERSION) {
    problems.push(`formatVersion must be ${MODEL_CONTRACT_FORMAT_VERSION}, got ${JSON.stringify(value.formatVersion)}`);
  }
  if (!isText(value.name)) problems.push('name must be a non-empty string');
  if (typeof value.description !== 'string') problems.push('description must be a string');
  const target = value.target;
  if (target !== undefined && !(isObject(target) && isText(target.column) && typeof target.positiveLabel === 'string')) {
    problems.push('target must be { column, positiveLabel } when given');
  }
  const fields = Array.isArray(value.fields) ? value.fields : [];
  const features = Array.isArray(value.features) ? value.features : [];
  if (fields.length === 0) problems.push('fields must be a non-empty array');
  if (features.length === 0) problems.push('features must be a non-empty array');
  const valid = new Map<string, FieldSpec>();
  fields.forEach((field, index) => {
    if (checkField(field, `fields[${index}]`, problems)) valid.set(field.name, field);
  });
  for (const name of duplicates(fields.map((field) => (field as Json)?.name))) problems.push(`fields: ${name} is listed twice`);
  const declared = new Set(fields.map((field) => (field as Json)?.name));
  features.forEach((feature, index) => checkFeature(feature, `features[${index}]`, valid, declared, problems));
  for (const name of duplicates(features.map((feature) => (feature as Json)?.name))) problems.push(`features: ${name} is listed twice`);
  const read = new Set(features.flatMap((feature) => {
    const { source, sources } = (feature ?? {}) as Json;
    return Array.isArray(sources) ? sources : [source];
  }));
  for (const name of valid.keys()) {
    if (!read.has(name)) problems.push(`fields: ${name} feeds no feature (the API would demand a value the model never reads)`);
  }
  return problems;
}

/**
 * Checks a contract (its JSON text, or the document already parsed) and returns it.
 * @throws ModelContractError naming every problem
 */
export function parseModelContract(json: unknown): ModelContract {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new ModelContractError([`the contract is not JSON: ${(error as Error).message}`]);
    }
  }
  const problems = modelContractProblems(value);
  if (problems.length > 0) throw new ModelContractError(problems);
  return value as ModelContract;
}
