/**
 * The audit the app's validation tests run on every acknowledgement (test/stacks/app-validation.test.ts,
 * test/stacks/pinned-synth.test.ts): it must catch an acknowledgement that suppresses nothing, one
 * without a reason, and one that covers more than one resource.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { acknowledgeFindings, awsSolutions, NAG_PACK_NAMES, nist80053r5 } from '../../lib/private/nag-rules';
import { auditAcknowledgements } from '../support/acknowledgement-audit';
import { createTestApp } from '../support/app';

/** A role whose inline policy allows s3:* on everything: AwsSolutions-IAM5 and NIST IAMNoInlinePolicy findings. */
function carelessRole(stack: Stack, id: string): iam.Role {
  return new iam.Role(stack, id, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    inlinePolicies: { all: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] })] }) },
  });
}

/** Synthesizes a one-stack app with the app's packs after `build`, and audits it. */
function audit(build: (stack: Stack) => void) {
  const app = createTestApp();
  const stack = new Stack(app, 'Audited');
  build(stack);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new NIST80053R5Checks(app));
  const assembly = app.synth();
  return auditAcknowledgements(app, assembly.directory, NAG_PACK_NAMES);
}

const REASON = 'A reason a reviewer can check.';

describe('auditAcknowledgements', () => {
  test('an acknowledgement that suppresses its finding on one resource, with a reason, passes', () => {
    const result = audit((stack) => {
      const role = carelessRole(stack, 'Role');
      acknowledgeFindings(role, REASON, awsSolutions('IAM5', 'Resource::*'), nist80053r5('IAMNoInlinePolicy'));
    });
    expect(result.acknowledgements.map((ack) => ack.id)).toEqual([awsSolutions('IAM5', 'Resource::*'), nist80053r5('IAMNoInlinePolicy')]);
    expect(result).toMatchObject({ dead: [], unreasoned: [], broad: [] });
  });

  test('When an acknowledgement matches no finding (a rule the resource passes): it is dead', () => {
    const result = audit((stack) => {
      const role = carelessRole(stack, 'Role');
      acknowledgeFindings(role, REASON, awsSolutions('IAM5', 'Resource::*'), nist80053r5('IAMNoInlinePolicy'));
      acknowledgeFindings(role, REASON, nist80053r5('S3BucketVersioningEnabled'));
    });
    expect(result.dead).toEqual([{ id: nist80053r5('S3BucketVersioningEnabled'), path: 'Audited/Role', reason: REASON }]);
  });

  test('When an acknowledgement names a finding of another resource than the one it sits on: it is dead', () => {
    const result = audit((stack) => {
      const role = carelessRole(stack, 'Role');
      acknowledgeFindings(role, REASON, nist80053r5('IAMNoInlinePolicy'));
      // The id of the finding as the pack writes it, but with a resource the policy does not name.
      acknowledgeFindings(role, REASON, awsSolutions('IAM5', 'Resource::arn:aws:s3:::other-bucket/*'), awsSolutions('IAM5', 'Resource::*'));
    });
    expect(result.dead.map((ack) => ack.id)).toEqual([awsSolutions('IAM5', 'Resource::arn:aws:s3:::other-bucket/*')]);
  });

  test('When an acknowledgement has no reason, or a blank one: it is unreasoned', () => {
    const result = audit((stack) => {
      const role = carelessRole(stack, 'Role');
      Validations.of(role).acknowledge({ id: awsSolutions('IAM5', 'Resource::*'), reason: '' }, { id: nist80053r5('IAMNoInlinePolicy'), reason: '  ' });
    });
    expect(result.unreasoned.map((ack) => ack.id)).toEqual([awsSolutions('IAM5', 'Resource::*'), nist80053r5('IAMNoInlinePolicy')]);
    expect(result.dead).toEqual([]);
  });

  test('When one acknowledgement on a parent covers the findings of two resources: it is broad', () => {
    const result = audit((stack) => {
      carelessRole(stack, 'First');
      carelessRole(stack, 'Second');
      acknowledgeFindings(stack, REASON, awsSolutions('IAM5', 'Resource::*'), nist80053r5('IAMNoInlinePolicy'));
    });
    expect(result.broad.map((ack) => [ack.id, ack.resources])).toEqual([
      [awsSolutions('IAM5', 'Resource::*'), ['Audited/First/Resource', 'Audited/Second/Resource']],
      [nist80053r5('IAMNoInlinePolicy'), ['Audited/First/Resource', 'Audited/Second/Resource']],
    ]);
  });

  test('acknowledgements of other validations (CloudFormation validation, annotations) are not audited', () => {
    const result = audit((stack) => {
      const role = carelessRole(stack, 'Role');
      acknowledgeFindings(role, REASON, awsSolutions('IAM5', 'Resource::*'), nist80053r5('IAMNoInlinePolicy'));
      Validations.of(stack).acknowledge({ id: 'CloudFormation-Validate::W3010', reason: 'not ours' });
    });
    expect(result.acknowledgements.map((ack) => ack.id)).not.toContain('CloudFormation-Validate::W3010');
  });
});
