import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { addChurnPredictionStages } from '../../bin/churn-prediction-app';
import { ChurnPredictionStack } from '../../lib/churn-prediction-stack';
import { NAG_PACK_NAMES } from '../../lib/private/nag-rules';
import { PROD, STAGES } from '../../lib/stage-config';
import { auditAcknowledgements } from '../support/acknowledgement-audit';
import { createTestApp } from '../support/app';

/**
 * Every stage, as bin/ builds them (cdk-nag AwsSolutions and NIST 800-53 rev 5), with built-in
 * CloudFormation validation; the assembly and the audit of its acknowledgements.
 */
function synthAllStages(extra?: (app: ReturnType<typeof createTestApp>) => void) {
  const app = createTestApp({ validate: true });
  addChurnPredictionStages(app, undefined);
  extra?.(app);
  const assembly = app.synth();
  return { assembly, audit: auditAcknowledgements(app, assembly.directory, NAG_PACK_NAMES) };
}

describe('validation of the whole app', () => {
  test('cdk-nag AwsSolutions and NIST 800-53 R5 and CloudFormation validation report nothing open', () => {
    const { audit } = synthAllStages();
    // Every acknowledgement suppresses a finding on exactly one resource, and says why.
    expect(audit.acknowledgements.length).toBeGreaterThan(20);
    expect([...new Set(audit.acknowledgements.map((ack) => ack.id.split('::')[0]))].sort()).toEqual([...NAG_PACK_NAMES].sort());
    expect(audit.dead).toEqual([]);
    expect(audit.unreasoned).toEqual([]);
    expect(audit.broad).toEqual([]);
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
    })).toThrow(/AwsSolutions-IAM5[\s\S]*NIST\.800\.53\.R5-IAMNoInlinePolicy|NIST\.800\.53\.R5-IAMNoInlinePolicy[\s\S]*AwsSolutions-IAM5/);
  });

  test('a stage with every API option on (API keys only, web ACL, CORS) passes the same checks, every acknowledgement used', () => {
    const { audit } = synthAllStages((app) => {
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
          endpoint: { ...PROD.endpoint, dataCapture: { samplingPercentage: 10, readerRoleNames: ['model-monitor'] } },
        },
      });
    });
    expect(audit.dead).toEqual([]);
    expect(audit.unreasoned).toEqual([]);
    expect(audit.broad).toEqual([]);
  });

  test('synthesis is deterministic: two runs give identical templates', () => {
    const first = synthAllStages().assembly;
    const second = synthAllStages().assembly;
    for (const settings of STAGES) {
      const name = `ChurnPrediction-${settings.name}`;
      expect(JSON.stringify(second.getStackByName(name).template)).toBe(JSON.stringify(first.getStackByName(name).template));
    }
  });
});
