import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * The cdk-nag packs the app runs, by the name each one gives its findings (`AwsSolutions-IAM5`,
 * `NIST.800.53.R5-LambdaDLQ`). CDK's validation framework matches an acknowledgement to a finding by
 * `<pack>::<pack>-<rule>[<finding>]`, so each pack's finding needs its own acknowledgement.
 */
export type NagPackName = 'AwsSolutions' | 'NIST.800.53.R5';

/** Every pack the app's synth runs (bin/churn-prediction-app.ts), whose findings the constructs acknowledge. */
export const NAG_PACK_NAMES: readonly NagPackName[] = ['AwsSolutions', 'NIST.800.53.R5'];

/** The id `Validations.acknowledge` takes for a rule of the AwsSolutions pack, e.g. `awsSolutions('IAM5', 'Resource::*')`. */
export function awsSolutions(rule: string, finding?: string): string {
  return nagRuleId('AwsSolutions', rule, finding);
}

/** The id `Validations.acknowledge` takes for a rule of the NIST 800-53 rev 5 pack, e.g. `nist80053r5('LambdaDLQ')`. */
export function nist80053r5(rule: string, finding?: string): string {
  return nagRuleId('NIST.800.53.R5', rule, finding);
}

function nagRuleId(pack: NagPackName, rule: string, finding?: string): string {
  return `${pack}::${pack}-${rule}${finding === undefined ? '' : `[${finding}]`}`;
}

/**
 * Acknowledges, on one construct (and so on the one resource it holds), the findings of one or more
 * packs that a single reason answers, e.g. AwsSolutions-APIG6 and NIST.800.53.R5-APIGWExecutionLoggingEnabled.
 */
export function acknowledgeFindings(scope: IConstruct, reason: string, ...ruleIds: readonly string[]): void {
  Validations.of(scope).acknowledge(...ruleIds.map((id) => ({ id, reason })));
}

/**
 * Why a role's CDK-generated policy (an `AWS::IAM::Policy` attached to that one role) stays inline
 * rather than customer managed (NIST.800.53.R5-IAMNoInlinePolicy).
 */
export const INLINE_ROLE_POLICY_REASON = 'This is the role\'s own policy, attached to this role only and deleted with it. IAM '
  + 'recommends inline policies where a strict one-to-one relationship between a policy and its identity is wanted (IAM User '
  + 'Guide, "Choose between managed policies and inline policies"): its permissions cannot be attached to another principal. '
  + 'Every change is a reviewed template diff that CloudFormation records.';
