import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * How a policy resource appears in a cdk-nag finding id (`AwsSolutions-IAM5[Resource::…]`) of the
 * stack that holds `scope`: the value resolved in that stack, with `Ref` written `<Name>`,
 * `Fn::GetAtt` written `<Resource.Attribute>` and `Fn::Join` joined.
 *
 * Resolving in the stack makes an acknowledgement match however the stack is deployed: in an
 * environment-agnostic stack `stack.formatArn` renders `arn:<AWS::Partition>:logs:<AWS::Region>:…`,
 * in a stack pinned to an account and region it renders `arn:aws:logs:us-east-1:123456789012:…`.
 */
export function findingResource(scope: IConstruct, value: string): string {
  return flatten(Stack.of(scope).resolve(value));
}

function flatten(node: unknown): string {
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (typeof node !== 'object' || node === null) return JSON.stringify(node);
  const intrinsic = node as Record<string, unknown>;
  if (Array.isArray(intrinsic['Fn::Join'])) {
    const [delimiter, parts] = intrinsic['Fn::Join'] as [string, unknown[]];
    return parts.map(flatten).join(delimiter);
  }
  if (Array.isArray(intrinsic['Fn::GetAtt'])) {
    const [resource, attribute] = intrinsic['Fn::GetAtt'] as [unknown, unknown];
    return `<${flatten(resource)}.${flatten(attribute)}>`;
  }
  if (intrinsic.Ref !== undefined) return `<${flatten(intrinsic.Ref)}>`;
  return JSON.stringify(node);
}
