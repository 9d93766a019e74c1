import { Aws, CfnMapping, Fn, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import registries from './model-monitor-registries.json';

const MAPPING_ID = 'SageMakerModelMonitorRegistries';

/** The ECR account that hosts SageMaker Model Monitor's analyzer in each region (from the SageMaker Python SDK). */
export const MODEL_MONITOR_REGISTRY_ACCOUNTS: Readonly<Record<string, string>> = registries.registries;

/** The analyzer's repository; the SDK's image URI names no tag. */
export const MODEL_MONITOR_REPOSITORY = registries.repository;

/**
 * The URI of the prebuilt Model Monitor analyzer (`sagemaker-model-monitor-analyzer`) in the
 * stack's region, as the SageMaker Python SDK's `image_uris.retrieve("model-monitor", region)`
 * builds it. An environment-agnostic stack reads the account from a CloudFormation mapping keyed by
 * `AWS::Region`; a stack pinned to a region looks it up now and fails fast for an unknown region.
 */
export function modelMonitorImageUri(scope: Construct): string {
  const stack = Stack.of(scope);
  return Fn.join('', [registryAccountFor(stack), '.dkr.ecr.', stack.region, '.', stack.urlSuffix, '/', MODEL_MONITOR_REPOSITORY]);
}

function registryAccountFor(stack: Stack): string {
  if (!Token.isUnresolved(stack.region)) {
    const account = MODEL_MONITOR_REGISTRY_ACCOUNTS[stack.region];
    if (account === undefined) throw new Error(`SageMaker Model Monitor's analyzer is not published in region ${stack.region}`);
    return account;
  }
  const existing = stack.node.tryFindChild(MAPPING_ID) as CfnMapping | undefined;
  const mapping = existing ?? new CfnMapping(stack, MAPPING_ID, {
    mapping: Object.fromEntries(Object.entries(MODEL_MONITOR_REGISTRY_ACCOUNTS).map(([region, id]) => [region, { account: id }])),
  });
  return mapping.findInMap(Aws.REGION, 'account');
}
