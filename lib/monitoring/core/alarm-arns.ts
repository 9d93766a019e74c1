import { ArnFormat, Stack } from 'aws-cdk-lib';

/**
 * The ARN pattern of every CloudWatch alarm of the stack's account and region, for `aws:SourceArn`
 * conditions on what alarms may do (publish to a topic, use a key). Alarm ARNs have the form
 * `arn:aws:cloudwatch:<region>:<account>:alarm:<name>` (Service Authorization Reference, Amazon CloudWatch).
 */
export function alarmArnsOf(stack: Stack): string {
  return stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME });
}
