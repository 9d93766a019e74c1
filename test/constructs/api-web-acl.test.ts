import { CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ApiWebAcl } from '../../lib/api/api-web-acl';
import { createTestApp } from '../support/app';

function webAclStack(requestsPerFiveMinutesPerIp = 2_000) {
  const stack = new Stack(createTestApp(), 'WebAclStack');
  const api = new apigateway.RestApi(stack, 'Api', { cloudWatchRole: false });
  api.root.addMethod('GET');
  const key = new kms.Key(stack, 'Key');
  const webAcl = new ApiWebAcl(stack, 'WebAcl', {
    stage: api.deploymentStage, requestsPerFiveMinutesPerIp, logEncryptionKey: key, logRetention: logs.RetentionDays.THREE_MONTHS,
  });
  const id = (element: unknown) => stack.getLogicalId(element as CfnElement);
  return { stack, webAcl, key, id, template: Template.fromStack(stack) };
}

describe('ApiWebAcl', () => {
  const { template, webAcl, key, id } = webAclStack();
  const rules: any[] = template.findResources('AWS::WAFv2::WebACL')[id(webAcl.webAcl)].Properties.Rules;

  test('evaluates IP reputation, then the per-address rate limit, then known bad inputs, then the core rule set', () => {
    expect([...rules].sort((a, b) => a.Priority - b.Priority).map((rule) => rule.Name)).toEqual([
      'AWSManagedRulesAmazonIpReputationList', 'RateLimitPerAddress', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesCommonRuleSet',
    ]);
    expect(new Set(rules.map((rule) => rule.Priority)).size).toBe(rules.length);
  });

  test('every managed group is AWS\'s and blocks as it says, except the core set\'s 8 KB body limit, which only counts', () => {
    const groups = rules.filter((rule) => rule.Statement.ManagedRuleGroupStatement !== undefined);
    expect(groups).toHaveLength(3);
    for (const group of groups) {
      expect(group.OverrideAction).toEqual({ None: {} });
      expect(group.Statement.ManagedRuleGroupStatement.VendorName).toBe('AWS');
    }
    const overrides = Object.fromEntries(groups.map((group) => [group.Name, group.Statement.ManagedRuleGroupStatement.RuleActionOverrides]));
    expect(overrides).toEqual({
      AWSManagedRulesAmazonIpReputationList: undefined,
      AWSManagedRulesKnownBadInputsRuleSet: undefined,
      AWSManagedRulesCommonRuleSet: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }],
    });
  });

  test('the rate rule counts each client address over 5 minutes', () => {
    expect(rules.find((rule) => rule.Name === 'RateLimitPerAddress').Statement).toEqual({
      RateBasedStatement: { Limit: 2_000, AggregateKeyType: 'IP', EvaluationWindowSec: 300 },
    });
  });

  test('logs to an encrypted group named aws-waf-logs-…, kept on stack deletion, for the configured retention', () => {
    const groupId = id(webAcl.logging.logGroup.node.defaultChild);
    const group = template.findResources('AWS::Logs::LogGroup')[groupId];
    expect(group.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [id(key.node.defaultChild), 'Arn'] });
    expect(group.Properties.RetentionInDays).toBe(90);
    expect(group.DeletionPolicy).toBe('Retain');
    // The name: the prefix WAF requires, the stack name, and the stack id's unique suffix.
    const [separator, parts] = group.Properties.LogGroupName['Fn::Join'];
    expect(separator).toBe('');
    expect(parts[0]).toMatch(/^aws-waf-logs-WebAclStack-$/);
    expect(parts[1]).toEqual({ 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] });
  });

  test('the logging configuration sends this web ACL\'s records to that group, by its ARN without the `:*` suffix', () => {
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      ResourceArn: { 'Fn::GetAtt': [id(webAcl.webAcl), 'Arn'] },
      LogDestinationConfigs: [{
        'Fn::Join': ['', Match.arrayWith([':log-group:', { Ref: id(webAcl.logging.logGroup.node.defaultChild) }])],
      }],
    });
    const destination = JSON.stringify(template.findResources('AWS::WAFv2::LoggingConfiguration')[id(webAcl.logging.loggingConfiguration)]
      .Properties.LogDestinationConfigs);
    expect(destination).not.toContain(':*');
  });

  test('redacts the SigV4 signature, the session token and the API key from every record', () => {
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      RedactedFields: [
        { SingleHeader: { Name: 'authorization' } },
        { SingleHeader: { Name: 'x-amz-security-token' } },
        { SingleHeader: { Name: 'x-api-key' } },
      ],
    });
  });

  test('keeps the records of blocked requests only', () => {
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      LoggingFilter: {
        DefaultBehavior: 'DROP',
        Filters: [{ Behavior: 'KEEP', Requirement: 'MEETS_ANY', Conditions: [{ ActionCondition: { Action: 'BLOCK' } }] }],
      },
    });
  });

  test('When the limit is outside WAF\'s range: an exception names it', () => {
    expect(() => webAclStack(5)).toThrow(/requestsPerFiveMinutesPerIp must be a whole number from 10 to 2000000000, got 5/);
  });
});
