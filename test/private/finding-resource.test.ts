import { App, ArnFormat, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { findingResource } from '../../lib/private/finding-resource';

function logGroupArnIn(stack: Stack): string {
  return stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '/x/*', arnFormat: ArnFormat.COLON_RESOURCE_NAME });
}

describe('findingResource: a policy resource as cdk-nag names it in a finding id', () => {
  test('environment-agnostic: pseudo parameters as <AWS::…> placeholders', () => {
    const stack = new Stack(new App(), 'Agnostic');
    expect(findingResource(stack, logGroupArnIn(stack))).toBe('arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/x/*');
  });

  test('pinned to an account and region: literal, with the partition of the region', () => {
    const app = new App({ context: { '@aws-cdk/core:enablePartitionLiterals': true } });
    const stack = new Stack(app, 'Pinned', { env: { account: '123456789012', region: 'cn-north-1' } });
    expect(findingResource(stack, logGroupArnIn(stack))).toBe('arn:aws-cn:logs:cn-north-1:123456789012:log-group:/x/*');
  });

  test('attributes of resources as <LogicalId.Attribute>', () => {
    const stack = new Stack(new App(), 'Attributes');
    const bucket = new s3.Bucket(stack, 'Bucket');
    const id = stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
    expect(findingResource(stack, bucket.arnForObjects('capture/*'))).toBe(`<${id}.Arn>/capture/*`);
  });

  test('a plain string stays as it is', () => {
    expect(findingResource(new Stack(new App(), 'Plain'), '*')).toBe('*');
  });
});
