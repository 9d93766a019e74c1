import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { CONTENT_RULE_GROUPS, managedRuleGroupRule, REPUTATION_RULE_GROUPS } from './json-api-managed-rule-groups';
import { WebAclLogging } from './web-acl-logging';

export interface ApiWebAclProps {
  /** The API stage to protect. */
  readonly stage: apigateway.Stage;
  /** Requests one client address may send in any 5-minute window before it is blocked (10 to 2,000,000,000). */
  readonly requestsPerFiveMinutesPerIp: number;
  /** Encrypts the log group of blocked requests; its policy must let CloudWatch Logs use it (see ServiceKey). */
  readonly logEncryptionKey: kms.IKey;
  /**
   * How long the records of blocked requests are kept.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}

/** Body of the 429 the web ACL answers, in the API's error envelope. */
const RATE_LIMITED_BODY = JSON.stringify({
  error: { code: 'RateLimited', message: 'Too many requests from this address; retry later.' },
});

/**
 * A regional WAF web ACL on the API stage. In order: AWS's IP reputation list; a rate-based rule
 * that answers a client address over its limit 429 (in the API's error envelope) until its rate
 * falls, so one caller cannot take the stage's whole throttle; AWS's known-bad-inputs and core rule
 * groups (see lib/api/json-api-managed-rule-groups.ts). Allows everything else. Blocked requests are logged
 * with their credential headers redacted (see WebAclLogging).
 * Rate-based rules: https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based.html
 */
export class ApiWebAcl extends Construct {
  public readonly webAcl: wafv2.CfnWebACL;
  public readonly logging: WebAclLogging;

  constructor(scope: Construct, id: string, props: ApiWebAclProps) {
    super(scope, id);
    const limit = props.requestsPerFiveMinutesPerIp;
    if (!Number.isInteger(limit) || limit < 10 || limit > 2_000_000_000) {
      throw new Error(`Invalid ApiWebAcl props:\n- requestsPerFiveMinutesPerIp must be a whole number from 10 to 2000000000, got ${limit}`);
    }
    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName,
    });
    const rateRule: wafv2.CfnWebACL.RuleProperty = {
      name: 'RateLimitPerAddress',
      priority: REPUTATION_RULE_GROUPS.length,
      statement: { rateBasedStatement: { limit, aggregateKeyType: 'IP', evaluationWindowSec: 300 } },
      action: {
        block: {
          customResponse: {
            responseCode: 429,
            customResponseBodyKey: 'RateLimited',
            responseHeaders: [{ name: 'Retry-After', value: '60' }],
          },
        },
      },
      visibilityConfig: visibility('RateLimitPerAddress'),
    };
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      description: 'Churn prediction API: IP reputation, per-address rate limit, known bad inputs, core rules',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('ChurnPredictionApi'),
      customResponseBodies: {
        RateLimited: { contentType: 'APPLICATION_JSON', content: RATE_LIMITED_BODY },
      },
      // Reputation first: known-bad addresses are refused before they count against any limit; the
      // rate rule next, before the content groups inspect anything.
      rules: [
        ...REPUTATION_RULE_GROUPS.map((group, index) => managedRuleGroupRule(group, index)),
        rateRule,
        ...CONTENT_RULE_GROUPS.map((group, index) => managedRuleGroupRule(group, REPUTATION_RULE_GROUPS.length + 1 + index)),
      ],
    });
    const association = new wafv2.CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.stage.stageArn,
      webAclArn: this.webAcl.attrArn,
    });
    // The stage ARN is built from names, so CloudFormation would not otherwise wait for the stage.
    association.node.addDependency(props.stage);
    this.logging = new WebAclLogging(this, 'Logging', {
      webAcl: this.webAcl,
      encryptionKey: props.logEncryptionKey,
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
    });
  }
}
