import * as path from 'path';
import { DEFAULT_MAX_RECORDS, DEFAULT_MODEL_DEADLINE_MS, loadConfig } from '../../lambda/predict/config';
import { BUNDLED_CONTRACT, BUNDLED_CONTRACT_FILE, contractOf, STATE_PACKAGE_DIR } from '../support/model-packages';

const BASE = { ENDPOINT_NAME: 'churn-endpoint', MODEL_CONTRACT_FILE: BUNDLED_CONTRACT_FILE };

/** The message loadConfig throws for this environment; fails the test when it returns. */
function problemOf(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected loadConfig to throw, but it returned a configuration');
}

describe('loadConfig', () => {
  describe('When only ENDPOINT_NAME and MODEL_CONTRACT_FILE are set', () => {
    test('every other setting takes its default', () => {
      expect(loadConfig(BASE)).toEqual({
        endpointName: 'churn-endpoint',
        maxRecords: 100,
        riskThresholds: { medium: 0.3, high: 0.7 },
        recommendedActions: { low: 'none', medium: 'engagement-offer', high: 'retention-offer' },
        modelDeadlineMs: 20_000,
        modelVersion: 'unversioned',
        allowedVariants: [],
        corsAllowedOrigins: [],
        contract: BUNDLED_CONTRACT,
      });
      expect(DEFAULT_MAX_RECORDS).toBe(100);
      expect(DEFAULT_MODEL_DEADLINE_MS).toBe(20_000);
    });

    test('an empty variable counts as unset', () => {
      expect(loadConfig({
        ...BASE, MAX_RECORDS: '', RISK_THRESHOLD_MEDIUM: '', RISK_THRESHOLD_HIGH: '', MODEL_DEADLINE_MS: '', MODEL_VERSION: '',
        ALLOWED_VARIANTS: '', CORS_ALLOWED_ORIGINS: '', RECOMMENDED_ACTION_LOW: '', RECOMMENDED_ACTION_MEDIUM: '', RECOMMENDED_ACTION_HIGH: '',
      })).toEqual(loadConfig(BASE));
    });
  });

  describe('When every setting is given', () => {
    test('each is read as a number', () => {
      expect(loadConfig({
        ENDPOINT_NAME: 'prod-churn', MODEL_CONTRACT_FILE: BUNDLED_CONTRACT_FILE, MAX_RECORDS: '25', RISK_THRESHOLD_MEDIUM: '0.4', RISK_THRESHOLD_HIGH: '0.85', MODEL_DEADLINE_MS: '12500',
        MODEL_VERSION: 'sha256-abc', ALLOWED_VARIANTS: ' Blue ,Green,, ', CORS_ALLOWED_ORIGINS: 'https://a.example,https://b.example',
        RECOMMENDED_ACTION_LOW: 'upsell', RECOMMENDED_ACTION_MEDIUM: 'discount-10', RECOMMENDED_ACTION_HIGH: 'call-now',
      })).toEqual({
        endpointName: 'prod-churn', maxRecords: 25, riskThresholds: { medium: 0.4, high: 0.85 }, modelDeadlineMs: 12_500,
        recommendedActions: { low: 'upsell', medium: 'discount-10', high: 'call-now' }, modelVersion: 'sha256-abc',
        allowedVariants: ['Blue', 'Green'], corsAllowedOrigins: ['https://a.example', 'https://b.example'], contract: BUNDLED_CONTRACT,
      });
    });

    test('MAX_RECORDS 1 and 1000 and RISK_THRESHOLD_HIGH 1 are allowed', () => {
      const config = loadConfig({ ...BASE, MAX_RECORDS: '1', RISK_THRESHOLD_HIGH: '1' });
      expect(config.maxRecords).toBe(1);
      expect(config.riskThresholds.high).toBe(1);
      expect(loadConfig({ ...BASE, MAX_RECORDS: '1000' }).maxRecords).toBe(1000);
    });

    test('ignores unrelated variables', () => {
      expect(loadConfig({ ...BASE, AWS_REGION: 'eu-west-1', MAX_RECORDS_PER_SECOND: 'x' })).toEqual(loadConfig(BASE));
    });
  });

  describe('When a variable is bad', () => {
    test.each([
      ['ENDPOINT_NAME unset', { MODEL_CONTRACT_FILE: BUNDLED_CONTRACT_FILE }, 'ENDPOINT_NAME is required'],
      ['ENDPOINT_NAME empty', { ...BASE, ENDPOINT_NAME: '' }, 'ENDPOINT_NAME is required'],
      ['MODEL_CONTRACT_FILE unset', { ENDPOINT_NAME: 'churn-endpoint' }, 'MODEL_CONTRACT_FILE is required'],
      ['MODEL_CONTRACT_FILE missing', { ...BASE, MODEL_CONTRACT_FILE: '/opt/no-such-layer/contract.json' },
        'MODEL_CONTRACT_FILE /opt/no-such-layer/contract.json cannot be read (ENOENT)'],
      ['MAX_RECORDS not a number', { ...BASE, MAX_RECORDS: 'lots' }, 'MAX_RECORDS must be a number, got "lots"'],
      ['MAX_RECORDS Infinity', { ...BASE, MAX_RECORDS: 'Infinity' }, 'MAX_RECORDS must be a number, got "Infinity"'],
      ['MAX_RECORDS 0', { ...BASE, MAX_RECORDS: '0' }, 'MAX_RECORDS must be a whole number from 1 to 1000'],
      ['MAX_RECORDS negative', { ...BASE, MAX_RECORDS: '-5' }, 'MAX_RECORDS must be a whole number from 1 to 1000'],
      ['MAX_RECORDS fractional', { ...BASE, MAX_RECORDS: '2.5' }, 'MAX_RECORDS must be a whole number from 1 to 1000'],
      ['MAX_RECORDS blank', { ...BASE, MAX_RECORDS: ' ' }, 'MAX_RECORDS must be a whole number from 1 to 1000'],
      ['MAX_RECORDS above the ceiling', { ...BASE, MAX_RECORDS: '1001' }, 'MAX_RECORDS must be a whole number from 1 to 1000'],
      ['ALLOWED_VARIANTS with a bad name', { ...BASE, ALLOWED_VARIANTS: 'Blue,green_2' }, 'ALLOWED_VARIANTS holds "green_2", which is not a production variant name'],
      ['RECOMMENDED_ACTION_HIGH with spaces', { ...BASE, RECOMMENDED_ACTION_HIGH: 'Call Them' },
        'RECOMMENDED_ACTION_HIGH must be lower-case words joined by hyphens, got "Call Them"'],
      ['RISK_THRESHOLD_MEDIUM not a number', { ...BASE, RISK_THRESHOLD_MEDIUM: 'half' }, 'RISK_THRESHOLD_MEDIUM must be a number, got "half"'],
      ['RISK_THRESHOLD_HIGH not a number', { ...BASE, RISK_THRESHOLD_HIGH: '70%' }, 'RISK_THRESHOLD_HIGH must be a number, got "70%"'],
      ['RISK_THRESHOLD_MEDIUM 0', { ...BASE, RISK_THRESHOLD_MEDIUM: '0' }, 'risk thresholds must satisfy 0 < RISK_THRESHOLD_MEDIUM < RISK_THRESHOLD_HIGH ≤ 1'],
      ['RISK_THRESHOLD_MEDIUM equal to high', { ...BASE, RISK_THRESHOLD_MEDIUM: '0.7' }, 'risk thresholds must satisfy'],
      ['RISK_THRESHOLD_MEDIUM above high', { ...BASE, RISK_THRESHOLD_MEDIUM: '0.8', RISK_THRESHOLD_HIGH: '0.6' }, 'risk thresholds must satisfy'],
      ['RISK_THRESHOLD_HIGH above 1', { ...BASE, RISK_THRESHOLD_HIGH: '1.5' }, 'risk thresholds must satisfy'],
      ['RISK_THRESHOLD_HIGH as a percentage', { ...BASE, RISK_THRESHOLD_MEDIUM: '30', RISK_THRESHOLD_HIGH: '70' }, 'risk thresholds must satisfy'],
      ['MODEL_DEADLINE_MS 0', { ...BASE, MODEL_DEADLINE_MS: '0' }, 'MODEL_DEADLINE_MS must be > 0'],
      ['MODEL_DEADLINE_MS negative', { ...BASE, MODEL_DEADLINE_MS: '-100' }, 'MODEL_DEADLINE_MS must be > 0'],
      ['MODEL_DEADLINE_MS not a number', { ...BASE, MODEL_DEADLINE_MS: '20s' }, 'MODEL_DEADLINE_MS must be a number, got "20s"'],
    ])('%s is reported', (_, env, expected) => {
      const message = problemOf(env);
      expect(message).toMatch(/^Invalid configuration: /);
      expect(message).toContain(expected);
    });

    test('only the bad variable is reported', () => {
      expect(problemOf({ ...BASE, MODEL_DEADLINE_MS: '0' })).toBe('Invalid configuration: MODEL_DEADLINE_MS must be > 0');
    });
  });

  describe('When several variables are bad', () => {
    test('one error names every problem', () => {
      const message = problemOf({ MAX_RECORDS: '0', RISK_THRESHOLD_HIGH: '2', MODEL_DEADLINE_MS: 'soon' });
      expect(message.split('; ')).toEqual([
        'Invalid configuration: ENDPOINT_NAME is required',
        'MAX_RECORDS must be a whole number from 1 to 1000',
        'risk thresholds must satisfy 0 < RISK_THRESHOLD_MEDIUM < RISK_THRESHOLD_HIGH ≤ 1',
        'MODEL_DEADLINE_MS must be a number, got "soon"',
        'MODEL_DEADLINE_MS must be > 0',
        'MODEL_CONTRACT_FILE is required',
      ]);
    });
  });

  describe('the model contract', () => {
    test('is read from the file MODEL_CONTRACT_FILE names: another package gives other fields and features', () => {
      const config = loadConfig({ ...BASE, MODEL_CONTRACT_FILE: path.join(STATE_PACKAGE_DIR, 'contract.json') });
      expect(config.contract).toEqual(contractOf(STATE_PACKAGE_DIR));
      expect(config.contract.fields.map((field) => field.name)).toContain('state');
    });

    test('a contract that breaks the format is refused with each problem, not served', () => {
      const broken = JSON.stringify({
        ...BUNDLED_CONTRACT,
        fields: BUNDLED_CONTRACT.fields.map((field) => (field.name === 'areaCode' ? { ...field, enum: [] } : field)),
        features: [...BUNDLED_CONTRACT.features, { name: 'extra', encoding: 'number', source: 'noSuchField' }],
      });
      const message = (() => {
        try {
          loadConfig(BASE, () => broken);
        } catch (error) {
          return (error as Error).message;
        }
        return 'loaded';
      })();
      expect(message).toContain(`MODEL_CONTRACT_FILE ${BUNDLED_CONTRACT_FILE}: `);
      expect(message).toContain('fields[0].enum must list the accepted values');
      expect(message).toContain('features[21].source must name a field of the contract, got "noSuchField"');
    });

    test('the file is read once, by the reader given', () => {
      const read = jest.fn(() => JSON.stringify(BUNDLED_CONTRACT));
      expect(loadConfig(BASE, read).contract).toEqual(BUNDLED_CONTRACT);
      expect(read.mock.calls).toEqual([[BUNDLED_CONTRACT_FILE]]);
    });
  });
});
