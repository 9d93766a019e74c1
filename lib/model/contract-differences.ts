import type { FeatureSpec, FieldSpec, ModelContract } from '../../contract/model-contract';

const MAX_LISTED = 5;

function listed(names: readonly string[]): string {
  const shown = names.slice(0, MAX_LISTED).join(', ');
  return names.length > MAX_LISTED ? `${shown} and ${names.length - MAX_LISTED} more` : shown;
}

/** What serving depends on in a field: not its description, nor the values seen in training. */
function servedField(field: FieldSpec): string {
  return JSON.stringify([field.type, field.enum ?? null, field.minimum ?? null, field.maximum ?? null]);
}

/** A feature as the function computes it. */
function servedFeature(feature: FeatureSpec): string {
  switch (feature.encoding) {
    case 'sum': return `${feature.name} = sum(${feature.sources.join(', ')})`;
    case 'oneHot': return `${feature.name} = ${feature.source} is ${JSON.stringify(feature.category)}`;
    default: return `${feature.name} = ${feature.encoding}(${feature.source})`;
  }
}

/**
 * How two contracts differ in what the API accepts or the function sends the model (descriptions
 * and observed ranges aside); empty when one API and one function can serve both.
 */
export function contractDifferences(expected: ModelContract, actual: ModelContract): string[] {
  const differences: string[] = [];
  const expectedFields = new Map(expected.fields.map((field) => [field.name, field]));
  const actualFields = new Map(actual.fields.map((field) => [field.name, field]));
  const missing = [...expectedFields.keys()].filter((name) => !actualFields.has(name));
  const extra = [...actualFields.keys()].filter((name) => !expectedFields.has(name));
  if (missing.length > 0) differences.push(`it lacks fields ${listed(missing)}`);
  if (extra.length > 0) differences.push(`it has other fields ${listed(extra)}`);
  const changed = [...expectedFields.keys()].filter((name) => actualFields.has(name)
    && servedField(expectedFields.get(name) as FieldSpec) !== servedField(actualFields.get(name) as FieldSpec));
  if (changed.length > 0) differences.push(`fields ${listed(changed)} differ in type, values or range`);
  const expectedFeatures = expected.features.map(servedFeature);
  const actualFeatures = actual.features.map(servedFeature);
  const column = expectedFeatures.findIndex((feature, index) => feature !== actualFeatures[index]);
  if (column !== -1 || expectedFeatures.length !== actualFeatures.length) {
    const at = column === -1 ? expectedFeatures.length : column;
    differences.push(`its model takes ${actualFeatures.length} features where ${expectedFeatures.length} are expected, first difference `
      + `at column ${at + 1} (${actualFeatures[at] ?? 'none'} instead of ${expectedFeatures[at] ?? 'none'})`);
  }
  return differences;
}
