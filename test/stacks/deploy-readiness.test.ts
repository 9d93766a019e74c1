/**
 * What a real account enforces on the synthesized stages, one rule per test, each citing the AWS
 * page it follows (issue 9: the review of the templates against the AWS documentation).
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { DEV, PROD } from '../../lib/stage-config';
import { sharedStageTemplate } from '../support/stage-templates';

const prod = sharedStageTemplate(PROD);
const dev = sharedStageTemplate(DEV);

function resourcesOf(template: Template, type: string): [string, any][] {
  return Object.entries(template.findResources(type));
}

function endpointOf(template: Template): [string, any] {
  const endpoints = resourcesOf(template, 'AWS::SageMaker::Endpoint');
  expect(endpoints).toHaveLength(1);
  return endpoints[0];
}

describe.each([['Prod', prod], ['Dev', dev]])('%s stage, as a real account sees it', (_, { stackName, template }) => {
  // 1. API Gateway Developer Guide, "Set up CloudWatch logging for REST APIs in API Gateway":
  // access logging needs the account-level CloudWatch Logs role (AWS::ApiGateway::Account).
  test('owns API Gateway\'s account-level CloudWatch Logs role, set before the stage, kept on deletion', () => {
    const accounts = resourcesOf(template, 'AWS::ApiGateway::Account');
    expect(accounts).toHaveLength(1);
    const [accountId, account] = accounts[0];
    expect(account.DeletionPolicy).toBe('Retain');
    const roleId = account.Properties.CloudWatchRoleArn['Fn::GetAtt'][0];
    const role = template.findResources('AWS::IAM::Role')[roleId];
    expect(role.DeletionPolicy).toBe('Retain');
    expect(role.Properties.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({ Service: 'apigateway.amazonaws.com' });
    const [, stage] = resourcesOf(template, 'AWS::ApiGateway::Stage')[0];
    expect(stage.DependsOn).toContain(accountId);
  });

  // 2. SageMaker API Reference, "TrafficRoutingConfig": WaitIntervalInSeconds is required, 0-3600.
  test('every traffic routing configuration has WaitIntervalInSeconds within 0-3600', () => {
    const routing = endpointOf(template)[1].Properties.DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration;
    expect(routing.WaitIntervalInSeconds).toEqual(expect.any(Number));
    expect(routing.WaitIntervalInSeconds).toBeGreaterThanOrEqual(0);
    expect(routing.WaitIntervalInSeconds).toBeLessThanOrEqual(3600);
  });

  // 3. AWS re:Post knowledge center, "Why didn't I receive an SNS notification for my CloudWatch
  // alarm trigger?": a topic policy must let cloudwatch.amazonaws.com publish.
  test('each alarm topic lets CloudWatch alarms of this account publish, and the topic key lets them encrypt', () => {
    const topics = resourcesOf(template, 'AWS::SNS::Topic');
    expect(topics).toHaveLength(2);
    for (const [topicId] of topics) {
      const policies = resourcesOf(template, 'AWS::SNS::TopicPolicy')
        .filter(([, policy]) => JSON.stringify(policy.Properties.Topics) === JSON.stringify([{ Ref: topicId }]));
      expect(policies).toHaveLength(1);
      expect(policies[0][1].Properties.PolicyDocument.Statement).toContainEqual(expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: { Ref: topicId },
        Condition: {
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          ArnLike: { 'aws:SourceArn': expect.anything() },
        },
      }));
    }
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } }, ArnLike: { 'aws:SourceArn': Match.anyValue() } },
        })]),
      },
    });
  });

  // 4. API Gateway Developer Guide, "Gateway response types": only $context.error.messageString is
  // a quoted, escaped value; validationErrorString holds raw double quotes.
  test('no gateway response embeds validationErrorString', () => {
    expect(JSON.stringify(template.findResources('AWS::ApiGateway::GatewayResponse'))).not.toContain('validationErrorString');
  });

  // 5. SageMaker API Reference, "AutoRollbackConfig": the endpoint names its rollback alarms; they
  // exist before it is created or updated.
  test('the endpoint depends on every rollback alarm it names, and on its log group', () => {
    const [, endpoint] = endpointOf(template);
    const named: string[] = endpoint.Properties.DeploymentConfig.AutoRollbackConfiguration.Alarms.map((alarm: any) => alarm.AlarmName);
    expect(named.length).toBeGreaterThan(0);
    const alarmIds = resourcesOf(template, 'AWS::CloudWatch::Alarm')
      .filter(([, alarm]) => named.includes(alarm.Properties.AlarmName)).map(([id]) => id);
    expect(alarmIds).toHaveLength(named.length);
    expect(endpoint.DependsOn).toEqual(expect.arrayContaining(alarmIds));
    const [logGroupId] = resourcesOf(template, 'AWS::Logs::LogGroup')
      .find(([, group]) => String(group.Properties.LogGroupName).startsWith('/aws/sagemaker/Endpoints/'))!;
    expect(endpoint.DependsOn).toContain(logGroupId);
  });

  // 6. SageMaker API Reference, "VariantProperty": DataCaptureConfig is "(Not currently supported.)".
  test('the retained-property exclusions hold no DataCaptureConfig', () => {
    const [, endpoint] = endpointOf(template);
    expect(endpoint.Properties.RetainAllVariantProperties).toBe(true);
    expect(endpoint.Properties.ExcludeRetainedVariantProperties).toEqual([{ VariantPropertyType: 'DesiredWeight' }]);
  });

  // 9. SageMaker Developer Guide, "Log Amazon SageMaker AI Events with Amazon CloudWatch": endpoint
  // logs go to /aws/sagemaker/Endpoints/[EndpointName], created by SageMaker unless it exists.
  test('the endpoint\'s log group is in the stack: its exact name, retention, the service key, deleted with the stack', () => {
    const [, endpoint] = endpointOf(template);
    const name = endpoint.Properties.EndpointName;
    expect(name).toMatch(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/); // CreateEndpoint: EndpointName pattern
    template.hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'Delete',
      Properties: { LogGroupName: `/aws/sagemaker/Endpoints/${name}`, RetentionInDays: 30, KmsKeyId: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } },
    });
  });

  test('no role may create log groups on a wildcard', () => {
    for (const [, policy] of resourcesOf(template, 'AWS::IAM::Policy')) {
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        const actions = [statement.Action].flat();
        if (!actions.includes('logs:CreateLogGroup')) continue;
        expect(JSON.stringify(statement.Resource)).not.toContain('*');
      }
    }
  });

  test('the stack is deployable with both stages in one account: no name outside the stack\'s own prefix', () => {
    const [, endpoint] = endpointOf(template);
    expect(endpoint.Properties.EndpointName.startsWith(stackName.replace(/-/g, ''))).toBe(true);
  });
});

test('Dev and Prod name their endpoints (and so their log groups) apart', () => {
  expect(endpointOf(prod.template)[1].Properties.EndpointName).not.toBe(endpointOf(dev.template)[1].Properties.EndpointName);
});

// 10. SageMaker Developer Guide, "Give SageMaker AI Hosted Endpoints Access to Resources in Your
// Amazon VPC": the execution role needs ec2:DescribeVpcEndpoints among the VPC permissions.
test('Prod\'s model role (in a VPC) may describe VPC endpoints', () => {
  const actions = resourcesOf(prod.template, 'AWS::IAM::Policy')
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement)
    .flatMap((statement: any) => [statement.Action].flat());
  expect(actions).toContain('ec2:DescribeVpcEndpoints');
});

// 7. Lambda Developer Guide, "Configuring reserved concurrency": 100 stay unreserved, so an account
// needs a concurrency quota of reserved + 100. Dev reserves nothing, so a new account (10 or 50) deploys it.
test('only Prod reserves concurrency (200: quota 300), Dev deploys into a new account', () => {
  prod.template.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 200 });
  for (const [, fn] of resourcesOf(dev.template, 'AWS::Lambda::Function')) {
    expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
  }
});

// 11. AWS WAF Developer Guide, "Sending web ACL traffic logs to an Amazon CloudWatch Logs log group":
// the log group's name must start with `aws-waf-logs-`, and the logging configuration takes the log
// group's ARN (the `Arn` attribute's trailing `:*` names its streams, not the group).
test('Prod\'s web ACL logs to a log group whose name starts with aws-waf-logs-, named by its ARN', () => {
  const [[, configuration]] = resourcesOf(prod.template, 'AWS::WAFv2::LoggingConfiguration');
  const [destination] = configuration.Properties.LogDestinationConfigs;
  const groupId = destination['Fn::Join'][1].at(-1).Ref;
  const group = prod.template.findResources('AWS::Logs::LogGroup')[groupId];
  expect(group.Properties.LogGroupName['Fn::Join'][1][0]).toMatch(/^aws-waf-logs-/);
  expect(destination['Fn::Join'][1].at(-2)).toMatch(/:log-group:$/);
});

// 12. VPC User Guide, "IAM role for publishing flow logs to CloudWatch Logs": the trust policy names
// aws:SourceAccount and aws:SourceArn (the account's flow logs) against the confused deputy.
test('Prod\'s flow-log role is trusted only for this account\'s flow logs', () => {
  const [[, flowLog]] = resourcesOf(prod.template, 'AWS::EC2::FlowLog');
  const role = prod.template.findResources('AWS::IAM::Role')[flowLog.Properties.DeliverLogsPermissionArn['Fn::GetAtt'][0]];
  const [trust] = role.Properties.AssumeRolePolicyDocument.Statement;
  expect(trust.Condition.StringEquals).toEqual({ 'aws:SourceAccount': { Ref: 'AWS::AccountId' } });
  expect(JSON.stringify(trust.Condition.ArnLike['aws:SourceArn'])).toContain(':vpc-flow-log/*');
});
