import * as wafv2 from 'aws-cdk-lib/aws-wafv2';

/** An AWS managed rule group in the web ACL, and the rules of it that only count instead of blocking. */
export interface ManagedRuleGroupChoice {
  /** The group's name in the `AWS` vendor's catalogue. */
  readonly name: string;
  /** Rules of the group set to Count, each with the reason. */
  readonly countOnly: Readonly<Record<string, string>>;
}

/**
 * The AWS managed rule groups of the API's web ACL, chosen for a JSON API called by backend services
 * (AWS WAF Developer Guide, "AWS Managed Rules rule groups list": baseline and IP reputation groups).
 * Their capacity, 25 + 200 + 700 WCU, with the rate rule's 2, stays under the 1,500 WCU included in
 * a web ACL's price.
 *
 * Evaluated before the rate rule: AWSManagedRulesAmazonIpReputationList, addresses Amazon threat
 * intelligence reports as bots or sources of attacks, refused before they count against any limit.
 */
export const REPUTATION_RULE_GROUPS: readonly ManagedRuleGroupChoice[] = [
  { name: 'AWSManagedRulesAmazonIpReputationList', countOnly: {} },
];

/**
 * Evaluated after the rate rule, in order:
 * - AWSManagedRulesKnownBadInputsRuleSet: request patterns of known exploits (Log4j JNDI lookups,
 *   Java deserialization, localhost Host headers, exploitable paths).
 * - AWSManagedRulesCommonRuleSet ("core rule set"): OWASP-style cross-site scripting, local and remote
 *   file inclusion, SSRF to the EC2 metadata address, missing User-Agent, oversized parts. Its
 *   `SizeRestrictions_BODY` blocks bodies over 8 KB, and a batch of 100 customer records is about
 *   75 KB: that rule only counts. The body is bounded instead by API Gateway's request model (a
 *   limited number of records, each with exactly the documented fields: numbers, booleans, enums and
 *   a customer id of `[A-Za-z0-9._:@-]`), which refuses anything else before the function runs, and by
 *   API Gateway's 10 MB payload limit. The group's other body rules inspect what fits in WAF's body
 *   inspection limit for API Gateway (16 KB by default).
 */
export const CONTENT_RULE_GROUPS: readonly ManagedRuleGroupChoice[] = [
  { name: 'AWSManagedRulesKnownBadInputsRuleSet', countOnly: {} },
  {
    name: 'AWSManagedRulesCommonRuleSet',
    countOnly: {
      SizeRestrictions_BODY: 'blocks bodies over 8 KB; a batch of 100 records is about 75 KB, and the request model bounds the body',
    },
  },
];

/** The web ACL rule of a managed group, at `priority`, blocking as the group says except for its count-only rules. */
export function managedRuleGroupRule(group: ManagedRuleGroupChoice, priority: number): wafv2.CfnWebACL.RuleProperty {
  const countOnly = Object.keys(group.countOnly);
  return {
    name: group.name,
    priority,
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: 'AWS',
        name: group.name,
        ruleActionOverrides: countOnly.length === 0 ? undefined : countOnly.map((name) => ({ name, actionToUse: { count: {} } })),
      },
    },
    visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: group.name },
  };
}
