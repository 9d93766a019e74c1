import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ChurnPredictionStack } from '../../lib/churn-prediction-stack';
import { PROD, StageSettings, STAGES } from '../../lib/stage-config';
import { createTestApp } from '../support/app';

/** A stage with every API option on (API keys only, web ACL, CORS). */
const ALL_OPTIONS: StageSettings = {
  ...PROD,
  name: 'AllOptions',
  apiIamAuthorization: false,
  apiKeys: { rateLimit: 50, burstLimit: 100, quotaPerDay: 100_000 },
  apiWebAclRequestsPerFiveMinutesPerIp: 2_000,
  apiCorsAllowOrigins: ['https://app.example.com'],
};

/**
 * Every stage, as bin/ builds them, plus `extra` stacks, with cdk-nag AwsSolutions and (unless
 * `validate` is false) built-in CloudFormation validation. Each synthesis with validation costs
 * seconds, so the tests below share them.
 */
function synthAllStages(options: { extra?: (app: ReturnType<typeof createTestApp>) => void; validate?: boolean } = {}): CloudAssembly {
  const app = createTestApp({ validate: options.validate ?? true });
  for (const settings of STAGES) new ChurnPredictionStack(app, `ChurnPrediction-${settings.name}`, { settings });
  options.extra?.(app);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app.synth();
}

describe('validation of the whole app', () => {
  // The shipped stages and the all-options stage, checked in one synthesis.
  let checked: CloudAssembly | undefined;
  let failure: unknown;
  beforeAll(() => {
    try {
      checked = synthAllStages({ extra: (app) => new ChurnPredictionStack(app, `ChurnPrediction-${ALL_OPTIONS.name}`, { settings: ALL_OPTIONS }) });
    } catch (error) {
      failure = error;
    }
  });

  test('cdk-nag AwsSolutions and CloudFormation validation report nothing open', () => {
    expect(failure).toBeUndefined();
    for (const settings of STAGES) expect(checked?.getStackByName(`ChurnPrediction-${settings.name}`).template).toBeDefined();
  });

  test('a stage with every API option on (API keys only, web ACL, CORS) passes the same checks', () => {
    expect(failure).toBeUndefined();
    expect(checked?.getStackByName(`ChurnPrediction-${ALL_OPTIONS.name}`).template).toBeDefined();
  });

  test('cdk-nag fails on a finding nobody acknowledged, beside the stages (the checks really run)', () => {
    expect(() => synthAllStages({
      // cdk-nag alone: the finding is its; built-in validation is checked above.
      validate: false,
      extra: (app) => {
        const stack = new Stack(app, 'Careless');
        new iam.Role(stack, 'Role', {
          assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
          inlinePolicies: {
            all: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] })] }),
          },
        });
      },
    })).toThrow(/AwsSolutions-IAM5/);
  });

  test('synthesis is deterministic: two runs give identical templates', () => {
    const second = synthAllStages({ validate: false });
    for (const settings of STAGES) {
      const name = `ChurnPrediction-${settings.name}`;
      expect(JSON.stringify(second.getStackByName(name).template)).toBe(JSON.stringify(checked?.getStackByName(name).template));
    }
  });
});
