import { CfnElement } from 'aws-cdk-lib';
import { Capture, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CfnEndpoint } from 'aws-cdk-lib/aws-sagemaker';
import { predictionRequestSchema } from '../../contract/prediction-contract';
import { modelVersionOfArchive } from '../../lib/model/model-identity';
import { BUNDLED_MODEL_ARCHIVE } from '../../lib/model/model-identity';
import { Severity } from '../../lib/monitoring/core/severity';
import { XGBOOST_REGISTRY_ACCOUNTS } from '../../lib/endpoint/xgboost-serving-image';
import { PROD } from '../../lib/stage-config';
import { stageTemplate } from '../support/stage-templates';
import { alarmReading } from '../support/monitoring-template';
import { bundledRequest } from '../support/model-packages';

const { stack, template } = stageTemplate(PROD);
const service = stack.service;
const logicalId = (element: unknown) => stack.getLogicalId(element as CfnElement);
const endpointId = logicalId(service.modelEndpoint.cfnEndpoint);
const endpointName = service.modelEndpoint.endpointName;
const modelId = logicalId(service.modelEndpoint.model.node.findChild('Model'));
const executionRoleId = logicalId(service.modelEndpoint.executionRole.node.defaultChild);
const executionPolicyId = logicalId(service.modelEndpoint.executionRole.node.findChild('DefaultPolicy').node.defaultChild);
const functionId = logicalId(service.predictFunction.function.node.defaultChild);
const functionRoleId = logicalId(service.predictFunction.function.role!.node.defaultChild);
const keyId = logicalId(service.encryptionKey.node.defaultChild);
const criticalTopicId = logicalId(service.monitoring.topics.critical.node.defaultChild);
const warningTopicId = logicalId(service.monitoring.topics.warning.node.defaultChild);
const endpointConfigId = logicalId(service.modelEndpoint.cfnEndpointConfig);
const network = service.network!;
const securityGroupId = logicalId(network.securityGroup.node.defaultChild);
const captureBucketId = logicalId(service.modelEndpoint.dataCapture!.bucket.node.defaultChild);
const rollbackAlarms = service.modelEndpoint.rollbackAlarms;

describe('Prod stage: SageMaker endpoint', () => {
  test('one endpoint, config and model; only the endpoint has a (stack-derived) name, which updates in place', () => {
    template.resourceCountIs('AWS::SageMaker::Endpoint', 1);
    template.resourceCountIs('AWS::SageMaker::EndpointConfig', 1);
    template.resourceCountIs('AWS::SageMaker::Model', 1);
    expect(endpointName).toMatch(/^ChurnPredictionProd-/);
    template.hasResourceProperties('AWS::SageMaker::Endpoint', { EndpointName: endpointName });
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', { EndpointConfigName: Match.absent() });
    template.hasResourceProperties('AWS::SageMaker::Model', { ModelName: Match.absent() });
  });

  test('the endpoint config runs two non-burstable instances with KMS-encrypted volumes', () => {
    const variants = new Capture();
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: variants,
      KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    expect(variants.asArray()).toEqual([{
      VariantName: 'AllTraffic',
      InstanceType: 'ml.c5.xlarge',
      InitialInstanceCount: 2,
      InitialVariantWeight: 1,
      ModelName: { 'Fn::GetAtt': [modelId, 'ModelName'] },
    }]);
    expect(variants.asArray()[0].InitialInstanceCount).toBeGreaterThanOrEqual(2);
    expect(variants.asArray()[0].InstanceType).not.toMatch(/^ml\.t/);
  });

  test('the model runs the region\'s sagemaker-xgboost:1.7-1 image on the bundled archive', () => {
    template.hasResourceProperties('AWS::SageMaker::Model', {
      ExecutionRoleArn: { 'Fn::GetAtt': [executionRoleId, 'Arn'] },
      PrimaryContainer: {
        Image: {
          'Fn::Join': ['', [
            { 'Fn::FindInMap': ['SageMakerXgboostRegistries', { Ref: 'AWS::Region' }, 'account'] },
            '.dkr.ecr.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/sagemaker-xgboost:1.7-1',
          ]],
        },
        // CDK file assets keep the last extension only: s3://<asset bucket>/<hash>.gz
        ModelDataUrl: { 'Fn::Sub': Match.stringLikeRegexp('^s3://cdk-[a-z0-9]+-assets-\\$\\{AWS::AccountId\\}-\\$\\{AWS::Region\\}/[0-9a-f]{64}\\.gz$') },
      },
    });
  });

  test('the registry mapping covers every region the SageMaker SDK lists', () => {
    const mapping = template.toJSON().Mappings.SageMakerXgboostRegistries;
    expect(Object.keys(mapping).sort()).toEqual(Object.keys(XGBOOST_REGISTRY_ACCOUNTS).sort());
    expect(mapping['us-east-1']).toEqual({ account: '683313688378' });
    expect(mapping['eu-west-1']).toEqual({ account: '141502667606' });
  });

  test('the model is created only after its role\'s policy exists', () => {
    template.hasResource('AWS::SageMaker::Model', {
      DependsOn: Match.arrayWith([executionPolicyId, executionRoleId]),
    });
  });
});

describe('Prod stage: execution role is least privilege', () => {
  test('assumed by SageMaker only, with no managed policies', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'sagemaker.amazonaws.com' } })],
      },
      ManagedPolicyArns: Match.absent(),
    });
    const roles = template.findResources('AWS::IAM::Role');
    for (const role of Object.values(roles)) {
      expect(JSON.stringify(role)).not.toContain('AmazonSageMakerFullAccess');
    }
  });

  test('reads exactly the model archive, pulls exactly the xgboost repository', () => {
    const statements = new Capture();
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: executionRoleId }],
      PolicyDocument: { Statement: statements },
    });
    const byAction = (action: string) => statements.asArray().filter((s: any) => [s.Action].flat().includes(action));
    const [s3Read] = byAction('s3:GetObject');
    expect(s3Read.Action).toBe('s3:GetObject');
    // arn:<partition>:s3:::<asset bucket>/<hash>.gz — one object, no wildcard
    expect(JSON.stringify(s3Read.Resource)).toMatch(/"\/[0-9a-f]{64}\.gz"\]\]\}$/);
    const [pull] = byAction('ecr:BatchGetImage');
    expect([...pull.Action].sort()).toEqual(['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer']);
    expect(JSON.stringify(pull.Resource)).toContain(':repository/sagemaker-xgboost');
    expect(JSON.stringify(pull.Resource)).toContain('SageMakerXgboostRegistries');
    // Only calls that take no resource are granted on '*'.
    const unscoped = statements.asArray().filter((s: any) => s.Resource === '*');
    expect(unscoped.flatMap((s: any) => [s.Action].flat()).sort()).toEqual([
      'cloudwatch:PutMetricData', 'ec2:DescribeDhcpOptions', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSecurityGroups',
      'ec2:DescribeSubnets', 'ec2:DescribeVpcEndpoints', 'ec2:DescribeVpcs', 'ecr:GetAuthorizationToken',
    ]);
    const [metrics] = byAction('cloudwatch:PutMetricData');
    expect(metrics.Condition).toEqual({ StringLike: { 'cloudwatch:namespace': '/aws/sagemaker/*' } });
    const actions = statements.asArray().flatMap((s: any) => [s.Action].flat());
    expect(actions.filter((a: string) => a.startsWith('s3:'))).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(actions.some((a: string) => a.startsWith('sagemaker:'))).toBe(false);
  });
});

describe('Prod stage: auto scaling', () => {
  test('a scalable target with MinCapacity 2 that depends on the endpoint', () => {
    template.hasResource('AWS::ApplicationAutoScaling::ScalableTarget', {
      Properties: {
        ServiceNamespace: 'sagemaker',
        ScalableDimension: 'sagemaker:variant:DesiredInstanceCount',
        MinCapacity: 2,
        MaxCapacity: 6,
        ResourceId: `endpoint/${endpointName}/variant/AllTraffic`,
      },
      DependsOn: Match.arrayWith([endpointId]),
    });
  });

  test('target tracking on invocations per instance, scaling in slower than out', () => {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerVariantInvocationsPerInstance' },
        // 200 requests/s per instance × safety factor 0.5 × 60 s
        TargetValue: 6000,
        ScaleOutCooldown: 60,
        ScaleInCooldown: 300,
      },
    });
  });
});

describe('Prod stage: Lambda proxy', () => {
  test('Node.js 24 on arm64, within API Gateway\'s 29 s, pointed at the endpoint', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Timeout: 25,
      Handler: 'index.handler',
      Environment: {
        Variables: Match.objectLike({
          ENDPOINT_NAME: endpointName,
          MAX_RECORDS: '100',
          RISK_THRESHOLD_MEDIUM: '0.3',
          RISK_THRESHOLD_HIGH: '0.7',
          RECOMMENDED_ACTION_LOW: 'none',
          RECOMMENDED_ACTION_MEDIUM: 'engagement-offer',
          RECOMMENDED_ACTION_HIGH: 'retention-offer',
          MODEL_VERSION: modelVersionOfArchive(BUNDLED_MODEL_ARCHIVE),
          POWERTOOLS_LOG_LEVEL: 'INFO',
          // The endpoint's targetable variants: every production variant by default.
          ALLOWED_VARIANTS: 'AllTraffic',
          CORS_ALLOWED_ORIGINS: Match.absent(),
        }),
      },
      TracingConfig: { Mode: 'Active' },
      ReservedConcurrentExecutions: 200,
    });
    const timeout = template.findResources('AWS::Lambda::Function')[functionId].Properties.Timeout;
    expect(timeout).toBeLessThan(29);
  });

  test('its role may invoke exactly this endpoint, write only its own log group, and send traces', () => {
    const statements = new Capture();
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: functionRoleId }],
      PolicyDocument: { Statement: statements },
    });
    const logGroupId = logicalId(service.predictFunction.node.findChild('LogGroup').node.defaultChild);
    expect(statements.asArray()).toEqual([
      // X-Ray's trace actions take no resource.
      { Action: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'], Effect: 'Allow', Resource: '*' },
      { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] } },
      { Action: 'sagemaker:InvokeEndpoint', Effect: 'Allow', Resource: { Ref: endpointId } },
    ]);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })] },
      ManagedPolicyArns: Match.absent(),
    });
  });

  test('no policy anywhere allows InvokeEndpoint on more than the endpoint', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    const invokeStatements = policies.flatMap((p: any) => p.Properties.PolicyDocument.Statement)
      .filter((s: any) => JSON.stringify(s.Action).includes('sagemaker:'));
    expect(invokeStatements).toEqual([{ Action: 'sagemaker:InvokeEndpoint', Effect: 'Allow', Resource: { Ref: endpointId } }]);
  });

  test('its log group is KMS-encrypted with a retention', () => {
    template.allResourcesProperties('AWS::Logs::LogGroup', {
      KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      RetentionInDays: 30,
    });
  });
});

describe('Prod stage: REST API', () => {
  const methodId = logicalId(service.api.predictMethod.node.defaultChild);
  const requestModelId = logicalId(service.api.requestModel.node.defaultChild);

  test('POST /v1/predictions, IAM auth, Lambda proxy integration, the contract\'s request model checked by a validator', () => {
    template.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: 'v1' });
    template.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: 'predictions' });
    template.resourceCountIs('AWS::ApiGateway::Method', 1);
    const validator = new Capture();
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      AuthorizationType: 'AWS_IAM',
      ApiKeyRequired: false,
      RequestModels: { 'application/json': { Ref: requestModelId } },
      RequestValidatorId: { Ref: validator },
      Integration: {
        Type: 'AWS_PROXY',
        IntegrationHttpMethod: 'POST',
        Uri: { 'Fn::Join': ['', Match.arrayWith([{ 'Fn::GetAtt': [functionId, 'Arn'] }])] },
      },
    });
    expect(template.findResources('AWS::ApiGateway::RequestValidator')[validator.asString()].Properties).toMatchObject({
      ValidateRequestBody: true, ValidateRequestParameters: true,
    });
    expect(Object.keys(template.findResources('AWS::ApiGateway::Method'))).toEqual([methodId]);
  });

  test('the request model is the contract\'s schema for 100 records, targeting only the endpoint\'s variants', () => {
    const model = template.findResources('AWS::ApiGateway::Model')[requestModelId];
    expect(model.Properties.ContentType).toBe('application/json');
    expect(model.Properties.Schema).toEqual(predictionRequestSchema(bundledRequest({ maxRecords: 100, allowedVariants: ['AllTraffic'] })));
  });

  test('stage "live" with throttling and JSON access logs, no X-Ray (its segments record caller addresses)', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'live',
      TracingEnabled: false,
      MethodSettings: [Match.objectLike({
        HttpMethod: '*', ResourcePath: '/*', ThrottlingRateLimit: 500, ThrottlingBurstLimit: 1000, MetricsEnabled: true,
      })],
      AccessLogSetting: {
        DestinationArn: Match.anyValue(),
        Format: Match.stringLikeRegexp('"status":"\\$context.status"'),
      },
    });
  });

  test('no API key, usage plan or CORS preflight by default', () => {
    template.resourceCountIs('AWS::ApiGateway::ApiKey', 0);
    template.resourceCountIs('AWS::ApiGateway::UsagePlan', 0);
    expect(Object.values(template.findResources('AWS::ApiGateway::Method')).map((m: any) => m.Properties.HttpMethod)).toEqual(['POST']);
  });

  test('API Gateway may invoke the function only for POST /v1/predictions on the deployed stage', () => {
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission'));
    expect(permissions).toHaveLength(1);
    expect(JSON.stringify(permissions[0].Properties.SourceArn)).toMatch(/"\/POST\/v1\/predictions"\]\]\}$/);
  });
});

describe('Prod stage: alarm topics', () => {
  test('both topics are KMS-encrypted with the service key and refuse non-TLS publishers', () => {
    template.resourceCountIs('AWS::SNS::Topic', 2);
    template.allResourcesProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    for (const topic of [criticalTopicId, warningTopicId]) {
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [{ Ref: topic }],
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({
            Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          })]),
        },
      });
    }
    // No address in the settings: both topics subscribe the AlarmEmail stack parameter a deploy must give.
    const endpoints = Object.values(template.findResources('AWS::SNS::Subscription')).map((s: any) => [s.Properties.TopicArn, s.Properties.Endpoint]);
    expect(endpoints).toEqual([[{ Ref: criticalTopicId }, { Ref: 'AlarmEmail' }], [{ Ref: warningTopicId }, { Ref: 'AlarmEmail' }]]);
  });
});

describe('Prod stage: monitoring of an instance endpoint', () => {
  const alarms = template.findResources('AWS::CloudWatch::Alarm') as Record<string, { Properties: any }>;
  const monitoring = service.monitoring;
  const dimensions = [
    { Name: 'EndpointName', Value: endpointName },
    { Name: 'VariantName', Value: 'AllTraffic' },
  ];
  const metricNames = (namespace: string) => [...new Set(Object.values(alarms).flatMap(({ Properties: p }) => (p.Metrics === undefined
    ? [{ Namespace: p.Namespace, MetricName: p.MetricName }]
    : p.Metrics.filter((m: any) => m.MetricStat !== undefined).map((m: any) => m.MetricStat.Metric)))
    .filter((m: any) => m.Namespace === namespace).map((m: any) => m.MetricName as string))].sort();

  test('the instance alarms (CPU, memory, disk, invocations per instance), and no serverless alarm', () => {
    expect(metricNames('/aws/sagemaker/Endpoints')).toEqual(['CPUUtilization', 'DiskUtilization', 'MemoryUtilization']);
    expect(metricNames('AWS/SageMaker')).toEqual([
      'Invocation4XXErrors', 'Invocation5XXErrors', 'Invocations', 'InvocationsPerInstance', 'ModelLatency', 'OverheadLatency',
    ]);
  });

  test('the capacity alarms derive from the endpoint\'s capacity: 4 vCPUs of ml.c5.xlarge, 200 requests/s per instance', () => {
    const by = (metricName: string) => alarmReading(template, metricName);
    // 80 % of each of 4 vCPUs; 0.8 × 200/s × 60 s × 5 minutes
    expect(by('CPUUtilization')).toMatchObject({ Threshold: 320, Statistic: 'Average', Dimensions: dimensions });
    expect(by('InvocationsPerInstance')).toMatchObject({ Threshold: 48_000, Statistic: 'Sum', Dimensions: dimensions });
    expect(by('InvocationsPerInstance').AlarmDescription).toMatch(/scaling is at its maximum \(6\)/);
  });

  test('the endpoint\'s rollback alarms are reused as the critical 5XX-rate and ModelLatency alarms, not duplicated', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: rollbackAlarms.alarmNames[0],
      Namespace: 'AWS/SageMaker', MetricName: 'Invocation5XXErrors', Statistic: 'Average', Period: 60,
      // Prod's maxEndpointErrorRatePercent, 1
      Threshold: 0.01, ComparisonOperator: 'GreaterThanThreshold', Dimensions: dimensions,
      AlarmActions: [{ Ref: warningTopicId }], OKActions: [{ Ref: warningTopicId }], Tags: [{ Key: 'Severity', Value: 'critical' }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: rollbackAlarms.alarmNames[1],
      Namespace: 'AWS/SageMaker', MetricName: 'ModelLatency', ExtendedStatistic: 'p99', Period: 60,
      // The latency budget's model part, 100 ms, in SageMaker's unit (microseconds)
      Threshold: 100_000, EvaluationPeriods: 3, DatapointsToAlarm: 2, Dimensions: dimensions,
      AlarmActions: [{ Ref: warningTopicId }], Tags: [{ Key: 'Severity', Value: 'critical' }],
    });
    expect(monitoring.alarmsOf(Severity.CRITICAL)).toEqual(expect.arrayContaining(rollbackAlarms.alarms));
    const readers = (metricName: string) => Object.values(alarms).filter(({ Properties: p }) => p.MetricName === metricName
      || (p.Metrics ?? []).some((m: any) => m.MetricStat?.Metric.MetricName === metricName && m.MetricStat.Stat !== 'Sum'));
    expect(readers('ModelLatency')).toHaveLength(1);
    // The 5XX-rate alarm of the variant is the rollback one; RequestsNotReachingModel reads Invocations only.
    expect(Object.values(alarms).filter(({ Properties: p }) => p.MetricName === 'Invocation5XXErrors'
      || (p.Metrics ?? []).some((m: any) => m.MetricStat?.Metric.MetricName === 'Invocation5XXErrors'))).toHaveLength(1);
  });

  test('the API has a name of its own (ApiGateway metrics are keyed by name), and the alarms read it and the `live` stage', () => {
    const api = service.api.restApi;
    expect(template.toJSON().Resources[logicalId(api.node.defaultChild)].Properties.Name).toBe('ChurnPrediction-Prod-predictions');
    expect(monitoring.apiMetrics.apiName).toBe('ChurnPrediction-Prod-predictions');
    template.hasResourceProperties('AWS::ApiGateway::Stage', { StageName: 'live' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([Match.objectLike({
        MetricStat: Match.objectLike({ Metric: {
          Namespace: 'AWS/ApiGateway', MetricName: 'Latency',
          Dimensions: [{ Name: 'ApiName', Value: 'ChurnPrediction-Prod-predictions' }, { Name: 'Stage', Value: { Ref: logicalId(api.deploymentStage.node.defaultChild) } }],
        } }),
      })]),
    });
  });
});

describe('Prod stage: encryption key', () => {
  test('rotates, and lets CloudWatch Logs and alarms use it', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'AllowCloudWatchLogsOfThisAccount', Principal: { Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } } }),
          Match.objectLike({ Sid: 'AllowCloudWatchAlarmsToPublish', Principal: { Service: 'cloudwatch.amazonaws.com' } }),
        ]),
      },
    });
  });
});

describe('Prod stage: network and encryption', () => {
  test('a new VPC: two isolated subnets in two Availability Zones, no NAT, no internet gateway', () => {
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.resourceCountIs('AWS::EC2::Subnet', 2);
    template.hasResourceProperties('AWS::EC2::Subnet', { AvailabilityZone: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }, MapPublicIpOnLaunch: false });
    template.hasResourceProperties('AWS::EC2::Subnet', { AvailabilityZone: { 'Fn::Select': [1, { 'Fn::GetAZs': '' }] }, MapPublicIpOnLaunch: false });
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::InternetGateway', 0);
  });

  test('an S3 gateway endpoint the endpoint waits for, and a security group with no ingress', () => {
    const [s3EndpointId] = Object.keys(template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Gateway' } }));
    expect(template.findResources('AWS::SageMaker::Endpoint')[endpointId].DependsOn).toContain(s3EndpointId);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: Match.absent(),
      SecurityGroupEgress: [Match.objectLike({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443 })],
    });
  });

  test('the model runs in both subnets behind that group, network-isolated', () => {
    template.hasResourceProperties('AWS::SageMaker::Model', {
      EnableNetworkIsolation: true,
      VpcConfig: {
        SecurityGroupIds: [{ 'Fn::GetAtt': [securityGroupId, 'GroupId'] }],
        Subnets: network.subnets.map((subnet) => ({ Ref: logicalId(subnet.node.defaultChild) })),
      },
    });
  });

  test('the customer-managed key (rotation on) encrypts volumes, captured data, flow logs and every log group', () => {
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    const keyArn = { 'Fn::GetAtt': [keyId, 'Arn'] };
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', { KmsKeyId: keyArn, DataCaptureConfig: Match.objectLike({ KmsKeyId: keyArn }) });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn } })] },
    });
    // Flow logs, the function's, the API's access logs, the endpoint's container logs and the web ACL's blocked requests.
    const logGroups = Object.values(template.findResources('AWS::Logs::LogGroup')) as any[];
    expect(logGroups).toHaveLength(5);
    for (const group of logGroups) expect(group.Properties.KmsKeyId).toEqual(keyArn);
  });
});

describe('Prod stage: auto scaling survives deploys', () => {
  test('a CPU policy beside the invocations one: 70% of the 4 vCPUs of an ml.c5.xlarge', () => {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: {
        CustomizedMetricSpecification: Match.objectLike({ Namespace: '/aws/sagemaker/Endpoints', MetricName: 'CPUUtilization', Statistic: 'Average' }),
        TargetValue: 280,
        ScaleOutCooldown: 60,
        ScaleInCooldown: 300,
      },
    });
  });

  test('a new configuration keeps the scaled-out instance count, but takes new weights', () => {
    template.hasResourceProperties('AWS::SageMaker::Endpoint', {
      EndpointConfigName: { 'Fn::GetAtt': [endpointConfigId, 'EndpointConfigName'] },
      RetainAllVariantProperties: true,
      ExcludeRetainedVariantProperties: [{ VariantPropertyType: 'DesiredWeight' }],
    });
  });

  test('no schedule lowers the production floor', () => {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { ScheduledActions: Match.absent() });
  });
});

describe('Prod stage: deployment guardrails', () => {
  test('blue/green with a one-instance canary for 10 minutes, a 10-minute bake, rollback on the endpoint\'s alarms', () => {
    template.hasResourceProperties('AWS::SageMaker::Endpoint', {
      DeploymentConfig: {
        BlueGreenUpdatePolicy: {
          TrafficRoutingConfiguration: { Type: 'CANARY', CanarySize: { Type: 'INSTANCE_COUNT', Value: 1 }, WaitIntervalInSeconds: 600 },
          TerminationWaitInSeconds: 600,
          MaximumExecutionTimeoutInSeconds: 3600,
        },
        AutoRollbackConfiguration: { Alarms: rollbackAlarms.alarmNames.map((AlarmName) => ({ AlarmName })) },
      },
    });
  });

  test('the rollback alarms exist under exactly those names, and the execution role may describe them', () => {
    const names = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((alarm: any) => alarm.Properties.AlarmName).filter(Boolean);
    expect(names).toEqual(rollbackAlarms.alarmNames);
    const statements = new Capture();
    template.hasResourceProperties('AWS::IAM::Policy', { Roles: [{ Ref: executionRoleId }], PolicyDocument: { Statement: statements } });
    const describe = statements.asArray().find((s: any) => s.Action === 'cloudwatch:DescribeAlarms');
    expect(JSON.stringify(describe.Resource)).toContain(`:alarm:${names[0]}"`);
    expect(JSON.stringify(describe.Resource)).toContain(`:alarm:${names[1]}"`);
  });
});

describe('Prod stage: data capture', () => {
  test('10% of requests and responses go to the capture bucket', () => {
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      DataCaptureConfig: Match.objectLike({
        EnableCapture: true,
        InitialSamplingPercentage: 10,
        DestinationS3Uri: { 'Fn::Join': ['', ['s3://', { Ref: captureBucketId }, '/data-capture']] },
        CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
      }),
    });
  });

  test('the capture bucket is versioned, closed to the public, TLS-only, expires records after 30 days, and logs access', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 30 })] },
      LoggingConfiguration: Match.objectLike({ DestinationBucketName: Match.anyValue() }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: captureBucketId },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('the execution role may write exactly the capture prefix', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: executionRoleId }],
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Action: 's3:PutObject', Effect: 'Allow', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [captureBucketId, 'Arn'] }, '/data-capture/*']] },
        }]),
      },
    });
  });
});

describe('Prod stage: security baseline (issue 12)', () => {
  const stageId = logicalId(service.api.restApi.deploymentStage.node.defaultChild);
  const webAclId = logicalId(service.api.webAcl!.webAcl);

  test('a web ACL is associated with the API stage, limiting each address to 60,000 requests per 5 minutes', () => {
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      WebACLArn: { 'Fn::GetAtt': [webAclId, 'Arn'] },
      ResourceArn: { 'Fn::Join': ['', Match.arrayWith(['/stages/', { Ref: stageId }])] },
    });
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([Match.objectLike({ Name: 'RateLimitPerAddress', Statement: { RateBasedStatement: Match.objectLike({ Limit: 60_000 }) } })]),
    });
  });

  test('the web ACL logs with the authorization, x-amz-security-token and x-api-key headers redacted', () => {
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      ResourceArn: { 'Fn::GetAtt': [webAclId, 'Arn'] },
      RedactedFields: [
        { SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'x-amz-security-token' } }, { SingleHeader: { Name: 'x-api-key' } },
      ],
    });
  });

  test('the VPC\'s default security group is restricted', () => {
    template.resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
    template.hasResourceProperties('Custom::VpcRestrictDefaultSG', {
      DefaultSecurityGroupId: { 'Fn::GetAtt': [logicalId((network.vpc as ec2.Vpc).node.defaultChild), 'DefaultSecurityGroup'] },
    });
  });

  test('every S3 bucket is versioned', () => {
    const buckets = Object.values(template.findResources('AWS::S3::Bucket')) as any[];
    expect(buckets).toHaveLength(2);
    for (const bucket of buckets) expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
  });

  test('nobody may read captured records: no reader role is named', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: captureBucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Sid: 'OnlyNamedRolesReadCapturedRecords', Effect: 'Deny', Principal: { AWS: '*' }, Action: ['s3:GetObject', 's3:GetObjectVersion'],
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [captureBucketId, 'Arn'] }, '/*']] },
        }]),
      },
    });
  });

  test('a reader role named in the settings may read them, by its ARN in the stage\'s account', () => {
    const { template: withReader } = stageTemplate({ ...PROD, name: 'ProdWithReader', endpoint: { ...PROD.endpoint, dataCapture: { samplingPercentage: 10, readerRoleNames: ['team/model-monitor'] } } });
    withReader.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'OnlyNamedRolesReadCapturedRecords',
          Condition: {
            ArnNotEquals: {
              'aws:PrincipalArn': [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':role/team/model-monitor']] }],
            },
          },
        })]),
      },
    });
  });
});

describe('Prod stage: outputs', () => {
  test('the predictions URL, endpoint name, deployed configuration, targetable variants, alarm topics and dashboard', () => {
    template.hasOutput('PredictionsUrl', { Value: Match.objectLike({ 'Fn::Join': Match.anyValue() }) });
    template.hasOutput('EndpointName', { Value: endpointName });
    template.hasOutput('EndpointConfigName', { Value: { 'Fn::GetAtt': [endpointConfigId, 'EndpointConfigName'] } });
    template.hasOutput('TargetableVariants', { Value: 'AllTraffic' });
    template.hasOutput('CriticalAlarmTopicArn', { Value: { Ref: criticalTopicId } });
    template.hasOutput('WarningAlarmTopicArn', { Value: { Ref: warningTopicId } });
    template.hasOutput('DashboardName', { Value: { Ref: logicalId(service.monitoring.dashboard.node.defaultChild) } });
  });

  test('the L1 endpoint found by the construct is the template\'s only endpoint', () => {
    expect(service.modelEndpoint.cfnEndpoint).toBeInstanceOf(CfnEndpoint);
    expect(Object.keys(template.findResources('AWS::SageMaker::Endpoint'))).toEqual([endpointId]);
  });
});
