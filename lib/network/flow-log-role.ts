import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeFindings, INLINE_ROLE_POLICY_REASON, nist80053r5 } from '../private/nag-rules';

/**
 * The role VPC Flow Logs publishes to CloudWatch Logs as, trusted by the service only for flow logs
 * of this account and region: `aws:SourceAccount` and `aws:SourceArn` against the confused deputy,
 * as in the VPC User Guide's trust policy ("IAM role for publishing flow logs to CloudWatch Logs").
 * Its permissions (write one log group) are added by the flow log it is given to.
 */
export function createFlowLogRole(scope: Construct, id: string): iam.Role {
  const stack = Stack.of(scope);
  return new iam.Role(scope, id, {
    description: 'VPC Flow Logs of the churn model\'s VPC: write its flow-log group',
    assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com').withConditions({
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'ec2', resource: 'vpc-flow-log', resourceName: '*' }) },
    }),
  });
}

/** Acknowledges the inline policy the flow log gave its role (call after the flow log exists). */
export function acknowledgeFlowLogRolePolicy(role: iam.Role): void {
  acknowledgeFindings(role.node.findChild('DefaultPolicy'), INLINE_ROLE_POLICY_REASON, nist80053r5('IAMNoInlinePolicy'));
}
