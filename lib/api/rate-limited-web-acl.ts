import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

export interface RateLimitedWebAclProps {
  /** The API stage to protect. */
  readonly stage: apigateway.Stage;
  /** Requests one client address may send in any 5-minute window before it is blocked (10 to 2,000,000,000). */
  readonly requestsPerFiveMinutesPerIp: number;
}

/** Body of the 429 the web ACL answers, in the API's error envelope. */
const RATE_LIMITED_BODY = JSON.stringify({
  error: { code: 'RateLimited', message: 'Too many requests from this address; retry later.' },
});

/**
 * A regional WAF web ACL on the API stage with one rate-based rule: a client address over the
 * limit is answered 429 (in the API's error envelope) until its rate falls. Allows everything else.
 * Rate-based rules: https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based.html
 */
export class RateLimitedWebAcl extends Construct {
  public readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: RateLimitedWebAclProps) {
    super(scope, id);
    const limit = props.requestsPerFiveMinutesPerIp;
    if (!Number.isInteger(limit) || limit < 10 || limit > 2_000_000_000) {
      throw new Error(`Invalid RateLimitedWebAcl props:\n- requestsPerFiveMinutesPerIp must be a whole number from 10 to 2000000000, got ${limit}`);
    }
    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName,
    });
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      description: 'Churn prediction API: per-address rate limit',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('ChurnPredictionApi'),
      customResponseBodies: {
        RateLimited: { contentType: 'APPLICATION_JSON', content: RATE_LIMITED_BODY },
      },
      rules: [{
        name: 'RateLimitPerAddress',
        priority: 0,
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
      }],
    });
    const association = new wafv2.CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.stage.stageArn,
      webAclArn: this.webAcl.attrArn,
    });
    // The stage ARN is built from names, so CloudFormation would not otherwise wait for the stage.
    association.node.addDependency(props.stage);
  }
}
