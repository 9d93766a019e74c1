import { ArnFormat, Aws, Fn, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/**
 * Request headers that carry credentials, redacted from WAF logs: the SigV4 signature
 * (`authorization`), the session token of temporary credentials (`x-amz-security-token`) and the API
 * key (`x-api-key`). WAF matches header names without regard to case.
 */
export const REDACTED_HEADERS = ['authorization', 'x-amz-security-token', 'x-api-key'] as const;

/** The prefix AWS WAF requires of a CloudWatch Logs destination's log group name. */
export const WAF_LOG_GROUP_PREFIX = 'aws-waf-logs-';

export interface WebAclLoggingProps {
  /** The web ACL whose requests are logged. */
  readonly webAcl: wafv2.CfnWebACL;
  /** Encrypts the log group; its policy must let CloudWatch Logs of this account use it (see ServiceKey). */
  readonly encryptionKey: kms.IKey;
  /** How long the log records are kept. */
  readonly retention: logs.RetentionDays;
}

/**
 * Logging of a web ACL's blocked requests into a KMS-encrypted CloudWatch Logs group, with the
 * credential headers redacted.
 * - The group's name starts with `aws-waf-logs-`, which WAF requires of a CloudWatch Logs
 *   destination (AWS WAF Developer Guide, "Sending web ACL traffic logs to an Amazon CloudWatch Logs
 *   log group"); the stack id's unique suffix ends it, so a group kept after the stack is deleted
 *   never blocks the next deployment.
 * - The group is kept when the stack is deleted: it is the record of who was blocked, and when.
 * - Only blocked requests are kept (AWS WAF Developer Guide, "Log filtering"): every request is in
 *   the API's access log already, and logging each allowed one would cost more than the web ACL.
 *   A blocked request's record holds its client address; the access log holds none.
 * - WAF adds the CloudWatch Logs resource policy that lets it deliver (the "AWSWAF-LOGS" policy of the
 *   account and region) when the deploying role may call `logs:PutResourcePolicy`.
 */
export class WebAclLogging extends Construct {
  public readonly logGroup: logs.LogGroup;
  public readonly loggingConfiguration: wafv2.CfnLoggingConfiguration;

  constructor(scope: Construct, id: string, props: WebAclLoggingProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const stackIdSuffix = Fn.select(2, Fn.split('/', Aws.STACK_ID));
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName: `${WAF_LOG_GROUP_PREFIX}${stack.stackName}-${stackIdSuffix}`,
      encryptionKey: props.encryptionKey,
      retention: props.retention,
    });
    this.loggingConfiguration = new wafv2.CfnLoggingConfiguration(this, 'Configuration', {
      resourceArn: props.webAcl.attrArn,
      // WAF takes the log group's ARN without the `:*` that its Arn attribute ends in.
      logDestinationConfigs: [stack.formatArn({
        service: 'logs', resource: 'log-group', resourceName: this.logGroup.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      })],
      redactedFields: REDACTED_HEADERS.map((name) => ({ singleHeader: { Name: name } })),
      loggingFilter: {
        DefaultBehavior: 'DROP',
        Filters: [{ Behavior: 'KEEP', Requirement: 'MEETS_ANY', Conditions: [{ ActionCondition: { Action: 'BLOCK' } }] }],
      },
    });
  }
}
