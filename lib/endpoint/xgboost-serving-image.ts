import * as sagemaker from '@aws-cdk/aws-sagemaker-alpha';
import { Aws, CfnMapping, Fn, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import registries from './sagemaker-xgboost-registries.json';

const MAPPING_ID = 'SageMakerXgboostRegistries';

/** The ECR account that hosts `sagemaker-xgboost:1.7-1` in each region (from the SageMaker Python SDK). */
export const XGBOOST_REGISTRY_ACCOUNTS: Readonly<Record<string, string>> = registries.registries;

/**
 * AWS's built-in `sagemaker-xgboost:1.7-1` serving image, resolved for the stack's region.
 *
 * In an environment-agnostic stack the registry account comes from a CloudFormation mapping keyed
 * by `AWS::Region`; in a stack pinned to a region it is looked up at synth time and an unknown
 * region fails fast. Binding grants the model's role pull access to exactly that repository.
 */
export class XgboostServingImage extends sagemaker.ContainerImage {
  public static readonly REPOSITORY = registries.repository;
  public static readonly TAG = registries.tag;

  public bind(scope: Construct, model: sagemaker.Model): sagemaker.ContainerImageConfig {
    const stack = Stack.of(scope);
    const account = registryAccountFor(scope);
    const repositoryArn = stack.formatArn({
      service: 'ecr',
      account,
      resource: 'repository',
      resourceName: XgboostServingImage.REPOSITORY,
    });
    iam.Grant.addToPrincipal({
      grantee: model,
      actions: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
      resourceArns: [repositoryArn],
    });
    // ECR authorization tokens are account-wide; the action supports no resource scoping.
    iam.Grant.addToPrincipal({ grantee: model, actions: ['ecr:GetAuthorizationToken'], resourceArns: ['*'] });
    return {
      imageName: Fn.join('', [
        account, '.dkr.ecr.', stack.region, '.', stack.urlSuffix, '/',
        `${XgboostServingImage.REPOSITORY}:${XgboostServingImage.TAG}`,
      ]),
    };
  }
}

function registryAccountFor(scope: Construct): string {
  const stack = Stack.of(scope);
  if (!Token.isUnresolved(stack.region)) {
    const account = XGBOOST_REGISTRY_ACCOUNTS[stack.region];
    if (account === undefined) {
      throw new Error(`sagemaker-xgboost:${XgboostServingImage.TAG} is not published in region ${stack.region}`);
    }
    return account;
  }
  const existing = stack.node.tryFindChild(MAPPING_ID) as CfnMapping | undefined;
  const mapping = existing ?? new CfnMapping(stack, MAPPING_ID, {
    mapping: Object.fromEntries(Object.entries(XGBOOST_REGISTRY_ACCOUNTS).map(([region, id]) => [region, { account: id }])),
  });
  return mapping.findInMap(Aws.REGION, 'account');
}
