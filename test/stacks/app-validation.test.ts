import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { addChurnPredictionStages, addComplianceChecks } from '../../bin/churn-prediction-app';
import { ChurnPredictionStack } from '../../lib/churn-prediction-stack';
import { NAG_PACK_NAMES } from '../../lib/private/nag-rules';
import { PROD, StageSettings, STAGES } from '../../lib/stage-config';
import { AcknowledgementAudit, auditAcknowledgements } from '../support/acknowledgement-audit';
import { createTestApp } from '../support/app';

/** A stage with every API option on (API keys only, web ACL, CORS) and a named capture reader. */
const ALL_OPTIONS: StageSettings = {
  ...PROD,
  name: 'AllOptions',
  api: {
    ...PROD.api,
    authorization: { kind: 'api-keys', usagePlan: { rateLimit: 50, burstLimit: 100, quotaLimit: 100_000 } },
    webAclRequestsPerFiveMinutesPerIp: 2_000,
    corsAllowOrigins: ['https://app.example.com'],
  },
  endpoint: { ...PROD.endpoint, dataCapture: { samplingPercentage: 10, readerRoleNames: ['model-monitor'] } },
};

/**
 * Every stage, as bin/ builds them (cdk-nag AwsSolutions and NIST 800-53 rev 5), plus `extra`
 * stacks, with (unless `validate` is false) built-in CloudFormation validation; the assembly and
 * the audit of its acknowledgements. A synthesis with validation costs seconds (the validator's
 * WebAssembly start alone is about 3 s of CPU per process), so the tests below share one.
 */
function synthAllStages(options: { extra?: (app: ReturnType<typeof createTestApp>) => void; validate?: boolean } = {}) {
  const app = createTestApp({ validate: options.validate ?? true });
  addChurnPredictionStages(app, undefined);
  options.extra?.(app);
  const assembly = app.synth();
  return { assembly, audit: auditAcknowledgements(app, assembly.directory, NAG_PACK_NAMES) };
}

/** The part of an audit about the constructs of one stack. */
function auditOfStack(audit: AcknowledgementAudit, stackName: string): AcknowledgementAudit {
  const inStack = <T extends { path: string }>(acks: readonly T[]) => acks.filter((ack) => ack.path.startsWith(`${stackName}/`));
  return { acknowledgements: inStack(audit.acknowledgements), dead: inStack(audit.dead), unreasoned: inStack(audit.unreasoned), broad: inStack(audit.broad) };
}

describe('validation of the whole app', () => {
  // The shipped stages and the all-options stage, checked in one synthesis (acknowledgements are
  // audited per construct path, so each stack's audit is its own).
  let checked: { assembly: CloudAssembly; audit: AcknowledgementAudit } | undefined;
  let failure: unknown;
  beforeAll(() => {
    try {
      checked = synthAllStages({ extra: (app) => new ChurnPredictionStack(app, `ChurnPrediction-${ALL_OPTIONS.name}`, { settings: ALL_OPTIONS }) });
    } catch (error) {
      failure = error;
    }
  });

  test('cdk-nag AwsSolutions and NIST 800-53 R5 and CloudFormation validation report nothing open', () => {
    expect(failure).toBeUndefined();
    const shipped = STAGES.map((settings) => auditOfStack(checked!.audit, `ChurnPrediction-${settings.name}`));
    const acknowledgements = shipped.flatMap((audit) => audit.acknowledgements);
    // Every acknowledgement suppresses a finding on exactly one resource, and says why.
    expect(acknowledgements.length).toBeGreaterThan(20);
    expect([...new Set(acknowledgements.map((ack) => ack.id.split('::')[0]))].sort()).toEqual([...NAG_PACK_NAMES].sort());
    expect(shipped.flatMap((audit) => audit.dead)).toEqual([]);
    expect(shipped.flatMap((audit) => audit.unreasoned)).toEqual([]);
    expect(shipped.flatMap((audit) => audit.broad)).toEqual([]);
  });

  test('the same checks fail on a finding nobody acknowledged (the checks really run)', () => {
    // The packs as bin/ adds them, on a stack of one careless role: cdk-nag alone (the findings are
    // its; built-in validation is checked above), no stage needed to prove the checks run.
    const app = createTestApp();
    const stack = new Stack(app, 'Careless');
    new iam.Role(stack, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      inlinePolicies: {
        all: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] })] }),
      },
    });
    addComplianceChecks(app);
    expect(() => app.synth()).toThrow(/AwsSolutions-IAM5[\s\S]*NIST\.800\.53\.R5-IAMNoInlinePolicy|NIST\.800\.53\.R5-IAMNoInlinePolicy[\s\S]*AwsSolutions-IAM5/);
  });

  test('a stage with every API option on (API keys only, web ACL, CORS) passes the same checks, every acknowledgement used', () => {
    expect(failure).toBeUndefined();
    const audit = auditOfStack(checked!.audit, `ChurnPrediction-${ALL_OPTIONS.name}`);
    expect(audit.acknowledgements.length).toBeGreaterThan(0);
    expect(audit.dead).toEqual([]);
    expect(audit.unreasoned).toEqual([]);
    expect(audit.broad).toEqual([]);
  });

  test('synthesis is deterministic: two runs give identical templates', () => {
    expect(failure).toBeUndefined();
    const second = synthAllStages({ validate: false }).assembly;
    for (const settings of STAGES) {
      const name = `ChurnPrediction-${settings.name}`;
      expect(JSON.stringify(second.getStackByName(name).template)).toBe(JSON.stringify(checked!.assembly.getStackByName(name).template));
    }
  });
});
