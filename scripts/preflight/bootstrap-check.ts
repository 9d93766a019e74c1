import { CloudFormationClient, DescribeStacksCommand, Stack } from '@aws-sdk/client-cloudformation';
import { failedCall } from './failed-call';
import { failed, passed, PreflightResult } from './preflight-result';

const CHECK = 'CDK bootstrap';

/**
 * The bootstrap version this project's templates require. aws-cdk-lib 2.276's DefaultStackSynthesizer
 * adds the rule `CheckBootstrapVersion` to every template: it fails the deployment when the SSM
 * parameter `/cdk-bootstrap/hnb659fds/version` is 1-5, "CDK bootstrap stack version 6 required"
 * (see the rule in test/stacks/__snapshots__; the preflight's test synthesizes it and compares).
 */
export const REQUIRED_BOOTSTRAP_VERSION = 6;

/** The default name of the bootstrap stack (`cdk bootstrap --toolkit-stack-name`). */
export const DEFAULT_TOOLKIT_STACK_NAME = 'CDKToolkit';

/**
 * Stack states in which the bootstrap stack's resources are usable: the "last known stable state"
 * statuses of the CloudFormation API reference (RollbackStack). ROLLBACK_COMPLETE is a failed
 * creation with nothing left; *_IN_PROGRESS and *_FAILED are not settled.
 */
const SETTLED_STATES: readonly string[] = ['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_COMPLETE', 'IMPORT_ROLLBACK_COMPLETE'];

export interface BootstrapCheckOptions {
  /** The bootstrap stack's name. */
  readonly toolkitStackName: string;
  /** The region, for the fix's command. */
  readonly region: string;
  /** The lowest bootstrap version the templates accept. */
  readonly requiredVersion: number;
}

function isMissingStack(error: unknown): boolean {
  return error instanceof Error && error.name === 'ValidationError' && /does not exist/.test(error.message);
}

/**
 * The CDK bootstrap stack exists, is settled, and its `BootstrapVersion` output is at least the
 * version the templates require: otherwise `cdk deploy` fails on asset publishing or on the
 * template's CheckBootstrapVersion rule.
 */
export async function checkBootstrapStack(cloudFormation: CloudFormationClient, options: BootstrapCheckOptions): Promise<PreflightResult> {
  const bootstrap = `npx cdk bootstrap aws://ACCOUNT/${options.region}${options.toolkitStackName === DEFAULT_TOOLKIT_STACK_NAME ? '' : ` --toolkit-stack-name ${options.toolkitStackName}`}`;
  let stack: Stack | undefined;
  try {
    stack = (await cloudFormation.send(new DescribeStacksCommand({ StackName: options.toolkitStackName }))).Stacks?.[0];
  } catch (error) {
    if (!isMissingStack(error)) return failedCall(CHECK, 'cloudformation:DescribeStacks', error);
  }
  if (stack === undefined) {
    return failed(CHECK, `no stack ${options.toolkitStackName} in ${options.region}: the account and region are not bootstrapped`, `run \`${bootstrap}\``);
  }
  const status = stack.StackStatus ?? 'UNKNOWN';
  if (!SETTLED_STATES.includes(status)) {
    const fix = status.endsWith('_IN_PROGRESS')
      ? 'wait until the bootstrap stack\'s operation ends, then run the preflight again'
      : `repair or delete ${options.toolkitStackName} in the CloudFormation console, then run \`${bootstrap}\``;
    return failed(CHECK, `${options.toolkitStackName} is ${status}, not settled`, fix);
  }
  const output = stack.Outputs?.find((candidate) => candidate.OutputKey === 'BootstrapVersion')?.OutputValue;
  const version = output === undefined ? Number.NaN : Number(output);
  if (!Number.isInteger(version)) {
    return failed(CHECK, `${options.toolkitStackName} has no numeric BootstrapVersion output (${output ?? 'none'}): not a CDK bootstrap stack`, `run \`${bootstrap}\``);
  }
  if (version < options.requiredVersion) {
    return failed(CHECK, `${options.toolkitStackName} is version ${version}; the templates need ≥ ${options.requiredVersion}`, `upgrade it: \`${bootstrap}\` (this project's CLI)`);
  }
  return passed(CHECK, `${options.toolkitStackName} is ${status}, version ${version} (≥ ${options.requiredVersion})`);
}
