import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ChurnPredictionStack } from '../../lib/churn-prediction-stack';
import { PROD, STAGES } from '../../lib/stage-config';
import { createTestApp } from '../support/app';

/** Every stage, as bin/ builds them, with cdk-nag AwsSolutions and built-in CloudFormation validation. */
function synthAllStages(extra?: (app: ReturnType<typeof createTestApp>) => void) {
  const app = createTestApp({ validate: true });
  for (const settings of STAGES) new ChurnPredictionStack(app, `ChurnPrediction-${settings.name}`, { settings });
  extra?.(app);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app.synth();
}

describe('validation of the whole app', () => {
  test('cdk-nag AwsSolutions and CloudFormation validation report nothing open', () => {
    expect(() => synthAllStages()).not.toThrow();
  });

  test('the same checks fail on a finding nobody acknowledged (the checks really run)', () => {
    expect(() => synthAllStages((app) => {
      const stack = new Stack(app, 'Careless');
      new iam.Role(stack, 'Role', {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        inlinePolicies: {
          all: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] })] }),
        },
      });
    })).toThrow(/AwsSolutions-IAM5/);
  });

  test('a stage with every API option on (API keys only, web ACL, CORS) passes the same checks', () => {
    expect(() => synthAllStages((app) => {
      new ChurnPredictionStack(app, 'ChurnPrediction-AllOptions', {
        settings: {
          ...PROD,
          name: 'AllOptions',
          api: {
            ...PROD.api,
            authorization: { kind: 'api-keys', usagePlan: { rateLimit: 50, burstLimit: 100, quotaLimit: 100_000 } },
            webAclRequestsPerFiveMinutesPerIp: 2_000,
            corsAllowOrigins: ['https://app.example.com'],
          },
        },
      });
    })).not.toThrow();
  });

  test('synthesis is deterministic: two runs give identical templates', () => {
    const first = synthAllStages();
    const second = synthAllStages();
    for (const settings of STAGES) {
      const name = `ChurnPrediction-${settings.name}`;
      expect(JSON.stringify(second.getStackByName(name).template)).toBe(JSON.stringify(first.getStackByName(name).template));
    }
  });
});
