import { ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { findingResource } from '../private/finding-resource';
import { acknowledgeFindings, INLINE_ROLE_POLICY_REASON, nist80053r5 } from '../private/nag-rules';

/**
 * The role a SageMaker model runs as, with only what a hosted built-in container needs: its
 * endpoint's log group (`allowEndpointLogs`) and metrics. Pull access to the image and read access to the model
 * archive are added by the image and model data when the model binds them.
 *
 * Replaces the alpha module's default role, which attaches the managed AmazonSageMakerFullAccess.
 * Permission list: https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html#sagemaker-roles-createmodel-perms
 */
export class SageMakerExecutionRole extends iam.Role {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com'),
      description: 'Execution role of the churn model: logs, metrics, image pull and one model archive',
    });
    this.addToPolicy(new iam.PolicyStatement({
      actions: ['cloudwatch:PutMetricData'],
      // PutMetricData supports no resource scoping; the namespace condition bounds it instead.
      resources: ['*'],
      conditions: { StringLike: { 'cloudwatch:namespace': '/aws/sagemaker/*' } },
    }));
    const policy = Validations.of(this.node.findChild('DefaultPolicy'));
    policy.acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason: 'ecr:GetAuthorizationToken, cloudwatch:PutMetricData and (for a model in a VPC) the ec2:Describe* calls '
        + 'support no resource-level scoping; PutMetricData is bounded by a namespace condition.',
    });
    acknowledgeFindings(this.node.findChild('DefaultPolicy'), INLINE_ROLE_POLICY_REASON, nist80053r5('IAMNoInlinePolicy'));
  }

  /**
   * Lets SageMaker write the endpoint's logs into the one log group the stack created for it, and
   * nothing else: no `logs:CreateLogGroup` on a prefix. CreateLogGroup stays allowed on that exact
   * group, so a logging agent that calls it first gets "already exists" instead of access denied.
   * Permission list: SageMaker Developer Guide, "CreateModel API: Execution Role Permissions".
   */
  public allowEndpointLogs(logGroup: logs.ILogGroup, logGroupName: string): void {
    const exactGroup = Stack.of(this).formatArn({
      service: 'logs', resource: 'log-group', resourceName: logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.addToPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogGroup', 'logs:DescribeLogStreams'], resources: [exactGroup] }));
    // The group's Arn attribute ends in `:*`: its log streams.
    this.addToPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
  }

  /**
   * Lets SageMaker attach the model's network interfaces to these subnets and security groups of
   * one VPC (the CreateModel execution-role permissions for a VpcConfig). The Describe* calls take
   * no resource; creating and deleting interfaces is bounded to the VPC.
   */
  public allowNetworkInterfaces(vpc: ec2.IVpc, subnets: readonly ec2.ISubnet[], securityGroups: readonly ec2.ISecurityGroup[]): void {
    const stack = Stack.of(this);
    const ec2Arn = (resource: string, resourceName: string) => stack.formatArn({ service: 'ec2', resource, resourceName });
    const networkInterfaces = ec2Arn('network-interface', '*');
    this.addToPolicy(new iam.PolicyStatement({
      // The list of SageMaker Developer Guide, "Give SageMaker AI Hosted Endpoints Access to Resources
      // in Your Amazon VPC" (host-vpc), DescribeVpcEndpoints included.
      actions: [
        'ec2:DescribeVpcs', 'ec2:DescribeDhcpOptions', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups',
        'ec2:DescribeNetworkInterfaces', 'ec2:DescribeVpcEndpoints',
      ],
      resources: ['*'],
    }));
    this.addToPolicy(new iam.PolicyStatement({
      actions: ['ec2:CreateNetworkInterface'],
      resources: [
        networkInterfaces,
        ...subnets.map((subnet) => ec2Arn('subnet', subnet.subnetId)),
        ...securityGroups.map((group) => ec2Arn('security-group', group.securityGroupId)),
      ],
    }));
    this.addToPolicy(new iam.PolicyStatement({
      actions: ['ec2:CreateNetworkInterfacePermission', 'ec2:DeleteNetworkInterface', 'ec2:DeleteNetworkInterfacePermission'],
      resources: [networkInterfaces],
      conditions: { ArnEquals: { 'ec2:Vpc': vpc.vpcArn } },
    }));
    const policy = Validations.of(this.node.findChild('DefaultPolicy'));
    policy.acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::${findingResource(this, networkInterfaces)}]`,
      reason: 'SageMaker creates the model\'s network interfaces; their ids are not known in advance. Deletion is bounded to the model\'s VPC.',
    });
  }

  /**
   * Lets SageMaker write captured requests and responses under one prefix of a bucket, encrypted
   * with its key: `s3:PutObject` there, and what an SSE-KMS put needs of the key (not ReEncrypt*).
   */
  public allowDataCaptureWrites(bucket: s3.Bucket, prefix: string, key: kms.IKey): void {
    this.addToPolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [bucket.arnForObjects(`${prefix}/*`)] }));
    this.addToPolicy(new iam.PolicyStatement({ actions: ['kms:Encrypt', 'kms:GenerateDataKey'], resources: [key.keyArn] }));
    Validations.of(this.node.findChild('DefaultPolicy')).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::${findingResource(this, bucket.arnForObjects(`${prefix}/*`))}]`,
      reason: 'SageMaker names captured files by endpoint, variant and hour under the capture prefix; the role may write that prefix only.',
    });
  }

  /**
   * Lets SageMaker read the auto-rollback alarms during a deployment ("Ensure that your IAM
   * execution role has permission to perform the cloudwatch:DescribeAlarms action on the
   * auto-rollback alarms", SageMaker Developer Guide, deployment-guardrails-configuration).
   */
  public allowDescribeAlarms(alarmArns: readonly string[]): void {
    if (alarmArns.length === 0) return;
    this.addToPolicy(new iam.PolicyStatement({ actions: ['cloudwatch:DescribeAlarms'], resources: [...alarmArns] }));
  }
}
