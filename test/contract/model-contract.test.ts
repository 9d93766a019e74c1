import { ModelContract, ModelContractError, modelContractProblems, parseModelContract } from '../../contract/model-contract';
import { BUNDLED_CONTRACT, contractOf, STATE_PACKAGE_DIR } from '../support/model-packages';

/** The bundled contract with some parts replaced. */
function changed(parts: Partial<Record<keyof ModelContract, unknown>>): Record<string, unknown> {
  return { ...structuredClone(BUNDLED_CONTRACT), ...parts };
}

describe('the model contract format (contract/model-contract.ts)', () => {
  test('both committed packages\' contracts are servable', () => {
    expect(modelContractProblems(BUNDLED_CONTRACT)).toEqual([]);
    expect(modelContractProblems(contractOf(STATE_PACKAGE_DIR))).toEqual([]);
  });

  test('parses JSON text and returns the contract', () => {
    expect(parseModelContract(JSON.stringify(BUNDLED_CONTRACT))).toEqual(BUNDLED_CONTRACT);
  });

  test('When the text is not JSON: one problem says so', () => {
    expect(() => parseModelContract('{"fields": [')).toThrow(ModelContractError);
    expect(() => parseModelContract('{"fields": [')).toThrow(/the contract is not JSON/);
  });

  test('When the format version is another: refused', () => {
    expect(modelContractProblems(changed({ formatVersion: 2 }))).toEqual(['formatVersion must be 1, got 2']);
  });

  test('When a property is misspelt anywhere: named, not ignored', () => {
    const [first, ...rest] = BUNDLED_CONTRACT.fields;
    const problems = modelContractProblems(changed({
      fields: [first, { ...rest[2], minimun: 0 }, ...rest.filter((_, index) => index !== 2)],
      features: BUNDLED_CONTRACT.features.map((feature, index) => (index === 0 ? { ...feature, sorce: 'x' } : feature)),
      fieldz: [],
    } as Partial<Record<keyof ModelContract, unknown>>));
    expect(problems).toEqual(expect.arrayContaining([
      'fieldz is not a known property',
      'fields[1].minimun is not a known property',
      'features[0].sorce is not a known property',
    ]));
  });

  test('When fields and features break several rules: every problem is named, with its place', () => {
    const fields = BUNDLED_CONTRACT.fields.map((field) => {
      switch (field.name) {
        case 'numberVmailMessages': return { name: field.name, type: 'string', enum: ['1', '1'], description: field.description };
        case 'accountLength': return { ...field, minimum: 10, maximum: 5 };
        case 'voiceMailPlan': return { ...field, name: 'customerId' };
        case 'totalDayCalls': return { ...field, type: 'date' };
        default: return field;
      }
    });
    const features = [
      ...BUNDLED_CONTRACT.features,
      { name: 'account_length', encoding: 'number', source: 'accountLength' },
      { name: 'plan_is_gold', encoding: 'oneHot', source: 'areaCode', category: '999' },
      { name: 'plan_sum', encoding: 'sum', sources: ['internationalPlan'] },
      { name: 'odd', encoding: 'log', source: 'accountLength' },
    ];
    const problems = modelContractProblems(changed({ fields, features }));
    expect(problems).toEqual(expect.arrayContaining([
      'fields[4].enum must list the accepted values: distinct, non-empty strings',
      'fields[2].name customerId is reserved by the API',
      'features[2].source must name a field of the contract, got "voiceMailPlan"',
      'fields[3].minimum (10) exceeds its maximum (5)',
      'fields[6].type must be string, boolean, integer or number, got "date"',
      'features[22].category must be one of areaCode\'s values, got "999"',
      'features[23]: encoding sum cannot read boolean field internationalPlan',
      'features[24].encoding must be number, boolean01, oneHot or sum, got "log"',
      'features: account_length is listed twice',
    ]));
  });

  test('When a field feeds no feature: refused, since the API would demand a value the model never reads', () => {
    const features = BUNDLED_CONTRACT.features.filter((feature) => !('source' in feature && feature.source === 'numberVmailMessages'));
    expect(modelContractProblems(changed({ features }))).toEqual([
      'fields: numberVmailMessages feeds no feature (the API would demand a value the model never reads)',
    ]);
  });

  test('When a feature reads a field the contract does not have: refused', () => {
    const features = [...BUNDLED_CONTRACT.features, { name: 'tenure', encoding: 'number', source: 'tenureMonths' }];
    expect(modelContractProblems(changed({ features }))).toEqual(['features[21].source must name a field of the contract, got "tenureMonths"']);
  });

  test('When there is nothing to serve: empty fields and features are refused', () => {
    expect(modelContractProblems(changed({ fields: [], features: [] }))).toEqual([
      'fields must be a non-empty array', 'features must be a non-empty array',
    ]);
    expect(modelContractProblems([])).toEqual(['the contract must be a JSON object']);
  });
});
