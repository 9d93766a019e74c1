import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { alarmArnsOf } from '../monitoring/core/alarm-arns';

/**
 * The service's customer-managed KMS key (yearly rotation on). Besides the account's IAM
 * principals, its policy lets CloudWatch Logs encrypt this account's log groups in this region,
 * and CloudWatch alarms publish to topics encrypted with it.
 * Policy shapes: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 * and https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
 */
export class ServiceKey extends kms.Key {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      description: 'Churn prediction service: logs, alarm topic and endpoint volumes',
      enableKeyRotation: true,
    });
    const stack = Stack.of(this);
    this.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudWatchLogsOfThisAccount',
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
            service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      },
    }));
    this.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudWatchAlarmsToPublish',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: { 'aws:SourceArn': alarmArnsOf(stack) },
      },
    }));
  }
}
