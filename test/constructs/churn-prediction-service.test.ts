import { CfnElement, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sagemaker from '@aws-cdk/aws-sagemaker-alpha';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { predictionRequestSchema } from '../../contract/prediction-contract';
import { modelVersionOfArchive } from '../../lib/model/model-identity';
import { ApiAuthorization } from '../../lib/api/api-authorization';
import { ChurnPredictionService } from '../../lib/churn-prediction-service';
import { InvalidPropsError } from '../../lib/invalid-props-error';
import { ModelPackage } from '../../lib/model/model-package';
import { ServiceNetwork } from '../../lib/network/service-network';
import { BUNDLED_MODEL_ARCHIVE } from '../../lib/model/model-identity';
import { VariantCapacity } from '../../lib/endpoint/variant-capacity';
import { LatencyBudget } from '../../lib/monitoring/core/latency-budget';
import { Severity } from '../../lib/monitoring/core/severity';
import { createTestApp } from '../support/app';
import { bundledRequest } from '../support/model-packages';

describe('ChurnPredictionService', () => {
  test('with a key of the user: no key is created and every encrypted resource uses theirs', () => {
    const stack = new Stack(createTestApp(), 'TestStack');
    const key = new kms.Key(stack, 'TheirKey');
    new ChurnPredictionService(stack, 'Service', { encryptionKey: key });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 1);
    const keyArn = { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] };
    template.allResourcesProperties('AWS::Logs::LogGroup', { KmsKeyId: keyArn });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: keyArn });
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', { KmsKeyId: keyArn });
  });

  test('risk thresholds and batch size reach the function', () => {
    const stack = new Stack(createTestApp(), 'TestStack');
    new ChurnPredictionService(stack, 'Service', { predictions: { mediumRiskThreshold: 0.2, highRiskThreshold: 0.5, maxRecordsPerRequest: 10 } });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ MAX_RECORDS: '10', RISK_THRESHOLD_MEDIUM: '0.2', RISK_THRESHOLD_HIGH: '0.5' }),
      },
    });
  });

  test('When the risk thresholds are out of order and the batch size is zero: one error names both', () => {
    const stack = new Stack(createTestApp(), 'TestStack');
    expect(() => new ChurnPredictionService(stack, 'Service', {
      predictions: { mediumRiskThreshold: 0.8, highRiskThreshold: 0.5, maxRecordsPerRequest: 0 },
    })).toThrow(/predictions.maxRecordsPerRequest must be a whole number from 1 to 1000, got 0[\s\S]*predictions.mediumRiskThreshold \(0.8\) and highRiskThreshold \(0.5\)/);
  });

  test('the bundled model\'s version is a digest of its archive, and reaches the function', () => {
    const stack = new Stack(createTestApp(), 'TestStack');
    new ChurnPredictionService(stack, 'Service');
    const version = modelVersionOfArchive(BUNDLED_MODEL_ARCHIVE);
    expect(version).toMatch(/^sha256-[0-9a-f]{16}$/);
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ MODEL_VERSION: version }) },
    });
  });

  test('With variants serving bare model data: predictions.modelVersion is required, and used when given', () => {
    const build = (modelVersion?: string) => {
      const stack = new Stack(createTestApp(), 'TestStack');
      const bucket = s3.Bucket.fromBucketName(stack, 'Models', 'models-bucket');
      new ChurnPredictionService(stack, 'Service', {
        endpoint: { variants: [{ variantName: 'Live', modelData: sagemaker.ModelData.fromBucket(bucket, 'churn/model.tar.gz') }] },
        predictions: { modelVersion },
      });
      return Template.fromStack(stack);
    };
    expect(() => build()).toThrow(/predictions.modelVersion is required/);
    build('churn-2026-11').hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ MODEL_VERSION: 'churn-2026-11' }) },
    });
  });

  test('allowed variants and the batch size reach both the function and the API\'s request model', () => {
    const stack = new Stack(createTestApp(), 'TestStack');
    const service = new ChurnPredictionService(stack, 'Service', { endpoint: { targetableVariantNames: ['AllTraffic'] }, predictions: { maxRecordsPerRequest: 10 } });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ ALLOWED_VARIANTS: 'AllTraffic', MAX_RECORDS: '10' }) },
    });
    const modelId = stack.getLogicalId(service.api.requestModel.node.defaultChild as CfnElement);
    expect(template.findResources('AWS::ApiGateway::Model')[modelId].Properties.Schema)
      .toEqual(predictionRequestSchema(bundledRequest({ maxRecords: 10, allowedVariants: ['AllTraffic'] })));
  });

  test('When each part has one mistake: one InvalidPropsError lists all of them, each with the prop path as written', () => {
    const stack = new Stack(createTestApp(), 'TestStack');
    const vpc = new ec2.Vpc(stack, 'TheirVpc', { maxAzs: 1 });
    let error: unknown;
    try {
      new ChurnPredictionService(stack, 'Service', {
        model: ModelPackage.bundled(),
        endpoint: { capacity: VariantCapacity.instances({ autoScaling: { minInstanceCount: 5, maxInstanceCount: 3 } }) },
        network: ServiceNetwork.existingVpc(vpc),
        predictions: { reservedConcurrentExecutions: -1 },
        api: { throttle: { rateLimit: 0 } },
        monitoring: { maxEndpointErrorRatePercent: 0, alarmEmail: 'ops', dataQuality: true },
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidPropsError);
    expect((error as InvalidPropsError).problems).toEqual([
      'endpoint.capacity.autoScaling.minInstanceCount (5) must not exceed endpoint.capacity.autoScaling.maxInstanceCount (3)',
      'monitoring.maxEndpointErrorRatePercent must be in (0, 100], got 0',
      'network.subnets must select subnets in at least 2 Availability Zones, got 1',
      'predictions.reservedConcurrentExecutions must be a whole number ≥ 1, got -1',
      'api.throttle.rateLimit must be > 0, got 0',
      'monitoring.alarmEmail is not an e-mail address: "ops"',
      'monitoring.dataQuality needs endpoint.dataCapture and a model package with a Model Monitor baseline (statistics.json, constraints.json)',
    ]);
    // Nothing was built before the check.
    expect(stack.node.tryFindChild('Service')?.node.children ?? []).toEqual([]);
  });

  test('When the usage plan allows more than the stage: it is refused, naming both limits', () => {
    const stack = new Stack(createTestApp(), 'TestStack');
    expect(() => new ChurnPredictionService(stack, 'Service', {
      api: { throttle: { rateLimit: 10, burstLimit: 20 }, authorization: ApiAuthorization.apiKeys({ rateLimit: 50, burstLimit: 100, quotaLimit: 1000 }) },
    })).toThrow('api.authorization.usagePlan.rateLimit (50) must not exceed throttle.rateLimit (10)');
  });

  test('with outputs on: the URL, the API key id and the endpoint name are stack outputs; off by default', () => {
    const withOutputs = new Stack(createTestApp(), 'WithOutputs');
    new ChurnPredictionService(withOutputs, 'Service', {
      outputs: true, api: { authorization: ApiAuthorization.iamAndApiKeys({ rateLimit: 10, burstLimit: 20, quotaLimit: 1000 }) },
    });
    const outputs = Object.keys(Template.fromStack(withOutputs).findOutputs('*'));
    for (const name of ['PredictionsUrl', 'ApiKeyId', 'EndpointName']) expect(outputs.some((id) => id.includes(name))).toBe(true);
    const without = new Stack(createTestApp(), 'Without');
    new ChurnPredictionService(without, 'Service');
    expect(Object.keys(Template.fromStack(without).findOutputs('*')).filter((id) => /PredictionsUrl|ApiKeyId|EndpointName/.test(id))).toEqual([]);
  });
});

describe('ChurnPredictionService data-quality monitoring', () => {
  const schedules = (monitoring?: { dataQuality?: boolean }) => {
    const stack = new Stack(createTestApp(), 'TestStack');
    const service = new ChurnPredictionService(stack, 'Service', { endpoint: { dataCapture: { samplingPercentage: 10 } }, monitoring });
    return { service, count: Object.keys(Template.fromStack(stack).findResources('AWS::SageMaker::MonitoringSchedule')).length };
  };

  test('with capture and the bundled package\'s baseline: on by default, one hourly schedule', () => {
    const { service, count } = schedules();
    expect(count).toBe(1);
    expect(service.dataQuality).toBeDefined();
  });

  test('monitoring.dataQuality: false turns it off, though the capture and the baseline are there', () => {
    const { service, count } = schedules({ dataQuality: false });
    expect(count).toBe(0);
    expect(service.dataQuality).toBeUndefined();
  });
});

describe('ChurnPredictionService endpoint options', () => {
  test('with a VPC of the user: the model runs in its subnets, no VPC is created, and the key encrypts the volumes', () => {
    const stack = new Stack(createTestApp(), 'TestStack');
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: 'vpc-0a1b2c3d4e5f60718',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      isolatedSubnetIds: ['subnet-0a1b2c3d4e5f60718', 'subnet-0a1b2c3d4e5f60719'],
      isolatedSubnetRouteTableIds: ['rtb-0a1b2c3d4e5f60718', 'rtb-0a1b2c3d4e5f60719'],
    });
    const service = new ChurnPredictionService(stack, 'Service', { network: ServiceNetwork.existingVpc(vpc) });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::VPC', 0);
    template.hasResourceProperties('AWS::SageMaker::Model', {
      VpcConfig: { Subnets: ['subnet-0a1b2c3d4e5f60718', 'subnet-0a1b2c3d4e5f60719'], SecurityGroupIds: Match.anyValue() },
    });
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      KmsKeyId: { 'Fn::GetAtt': [stack.getLogicalId(service.encryptionKey.node.defaultChild as kms.CfnKey), 'Arn'] },
    });
    expect(service.network?.vpc).toBe(vpc);
  });

  test('serverless: no volume key is passed to the endpoint (a serverless variant has no instance volume)', () => {
    const stack = new Stack(createTestApp(), 'TestStack');
    new ChurnPredictionService(stack, 'Service', { endpoint: { capacity: VariantCapacity.serverless() } });
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', { KmsKeyId: Match.absent() });
  });

  test('data capture is encrypted with the service key', () => {
    const stack = new Stack(createTestApp(), 'TestStack');
    const service = new ChurnPredictionService(stack, 'Service', { endpoint: { dataCapture: { samplingPercentage: 5 } } });
    const keyArn = { 'Fn::GetAtt': [stack.getLogicalId(service.encryptionKey.node.defaultChild as kms.CfnKey), 'Arn'] };
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      DataCaptureConfig: Match.objectLike({ InitialSamplingPercentage: 5, KmsKeyId: keyArn }),
    });
  });

  test('with a standard ec2.Vpc of the user (public and private subnets): the model runs in its private subnets', () => {
    const stack = new Stack(createTestApp(), 'TestStack');
    const vpc = new ec2.Vpc(stack, 'TheirVpc', { maxAzs: 2 });
    new ChurnPredictionService(stack, 'Service', { network: ServiceNetwork.existingVpc(vpc) });
    const privateSubnets = vpc.privateSubnets.map((subnet) => ({ Ref: stack.getLogicalId(subnet.node.defaultChild as CfnElement) }));
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Model', { VpcConfig: Match.objectLike({ Subnets: privateSubnets }) });
  });

  test('When a VPC has no private or isolated subnets: the error names network.subnets', () => {
    const stack = new Stack(createTestApp(), 'TestStack');
    const vpc = new ec2.Vpc(stack, 'TheirVpc', { maxAzs: 2, subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC }] });
    expect(() => new ChurnPredictionService(stack, 'Service', { network: ServiceNetwork.existingVpc(vpc) })).toThrow(/network.subnets: /);
  });

  test('serverless capacity in a VPC: named as the network prop', () => {
    const stack = new Stack(createTestApp(), 'TestStack');
    expect(() => new ChurnPredictionService(stack, 'Service', {
      endpoint: { capacity: VariantCapacity.serverless() }, network: ServiceNetwork.managedVpc(),
    })).toThrow('network is not available with serverless capacity');
  });

  test('instance capacity: a type given as a string works, and the initial count follows the minimum when unset', () => {
    const stack = new Stack(createTestApp(), 'TestStack');
    new ChurnPredictionService(stack, 'Service', {
      endpoint: { capacity: VariantCapacity.instances({ instanceType: 'ml.c5.xlarge', autoScaling: { minInstanceCount: 3, maxInstanceCount: 10 } }) },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [Match.objectLike({ InstanceType: 'ml.c5.xlarge', InitialInstanceCount: 3 })],
    });
  });
});

describe('ChurnPredictionService monitoring wiring', () => {
  /** Alarms of the template by logical id, and the construct ids of the monitoring alarms of one variant. */
  const variantAlarmIds = (service: ChurnPredictionService, variantName: string) => service.monitoring.node.findChild('Endpoint').node
    .findChild(variantName).node.children.filter((c) => c instanceof cloudwatch.Alarm).map((c) => c.node.id).sort();

  test('weighted instance variants and a shadow: each variant is monitored as deployed; the rollback alarms are its critical ones', () => {
    const stack = new Stack(createTestApp(), 'TestStack');
    const service = new ChurnPredictionService(stack, 'Service', {
      predictions: { modelVersion: 'churn-ab-1' },
      endpoint: { variants: [
        { variantName: 'Blue', capacity: VariantCapacity.instances({ instanceType: sagemaker.InstanceType.C5_XLARGE, autoScaling: { maxRequestsPerSecondPerInstance: 50 } }) },
        { variantName: 'Green', initialWeight: 0.5, capacity: VariantCapacity.instances({ initialInstanceCount: 3, autoScaling: { maxInstanceCount: 5, scalingSafetyFactor: 0.25 } }) },
      ],
      deployment: { autoRollback: false } },
      monitoring: { latencyBudget: LatencyBudget.of({
        endToEnd: Duration.millis(400), apiGatewayOverhead: Duration.millis(50), lambdaOverhead: Duration.millis(50),
        sageMakerOverhead: Duration.millis(30), model: Duration.millis(150),
      }),
      maxEndpointErrorRatePercent: 2 },
    });
    expect(service.monitoring.node.findChild('Endpoint').node.children.map((c) => c.node.id)).toEqual(['Blue', 'Green', 'RequestsNotReachingModelCritical']);
    for (const variant of ['Blue', 'Green']) {
      expect(variantAlarmIds(service, variant)).toEqual([
        'Variant4xxRateWarning', 'VariantCpuUtilizationWarning', 'VariantDiskUtilizationWarning', 'VariantInvocationsPerInstanceWarning',
        'VariantMemoryUtilizationWarning', 'VariantOverheadLatencyP99Warning',
      ]);
    }
    const template = Template.fromStack(stack);
    const rollback = service.modelEndpoint.rollbackAlarms;
    const nameOf = (alarm: cloudwatch.Alarm) => rollback.alarmNames[rollback.alarms.indexOf(alarm)];
    for (const variant of ['Blue', 'Green']) {
      // The budget's model part (150 ms, in microseconds) and the 2 % error rate.
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: nameOf(rollback.latencyAlarms[variant]), MetricName: 'ModelLatency', Threshold: 150_000, Tags: [{ Key: 'Severity', Value: 'critical' }],
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: nameOf(rollback.errorRateAlarms[variant]), MetricName: 'Invocation5XXErrors', Threshold: 0.02, Tags: [{ Key: 'Severity', Value: 'critical' }],
      });
    }
    expect(service.monitoring.alarmsOf(Severity.CRITICAL)).toEqual(expect.arrayContaining(rollback.alarms));
    // Blue: 4 vCPUs, 50/s ceiling; Green: defaults (ml.c5.large, 2 vCPUs, 100/s).
    const cpu = Object.values(template.findResources('AWS::CloudWatch::Alarm'))
      .flatMap((a: any) => (a.Properties.Metrics ?? []).filter((m: any) => m.MetricStat?.Metric.MetricName === 'CPUUtilization')
        .map((m: any) => [m.MetricStat.Metric.Dimensions[1].Value, a.Properties.Threshold]));
    expect(cpu).toEqual([['Blue', 320], ['Green', 160]]);
  });

  test('a serverless variant is monitored as serverless, with its maximum concurrency', () => {
    const stack = new Stack(createTestApp(), 'TestStack');
    const service = new ChurnPredictionService(stack, 'Service', { endpoint: { capacity: VariantCapacity.serverless({ maxConcurrency: 12 }) } });
    expect(variantAlarmIds(service, 'AllTraffic')).toEqual([
      'Variant4xxRateWarning', 'VariantConcurrencyUtilizationWarning', 'VariantMemoryUtilizationWarning', 'VariantModelSetupTimeWarning', 'VariantOverheadLatencyP99Warning',
    ]);
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: Match.stringLikeRegexp('maximum concurrency \\(12\\)'),
    });
  });

  test('a shadow variant gets its own 5XX-rate and ModelLatency alarms, as warnings at the same thresholds', () => {
    const stack = new Stack(createTestApp(), 'TestStack');
    const service = new ChurnPredictionService(stack, 'Service', {
      predictions: { modelVersion: 'churn-shadow-1' },
      endpoint: {
        variants: [{ variantName: 'Live' }],
        shadowVariant: { variantName: 'Candidate', initialWeight: 0.2, capacity: VariantCapacity.instances({ initialInstanceCount: 1 }) },
      },
      monitoring: { maxEndpointErrorRatePercent: 3 },
    });
    expect(variantAlarmIds(service, 'Live').filter((id: string) => /5xx|ModelLatency/.test(id))).toEqual([]);
    expect(variantAlarmIds(service, 'Candidate').filter((id: string) => /5xx|ModelLatency/.test(id))).toEqual(['Variant5xxRateWarning', 'VariantModelLatencyP99Warning']);
    expect(service.modelEndpoint.rollbackAlarms.alarms.map((a) => a.node.scope!.node.id)).toEqual(['Live', 'Live']);
    const warning = (id: string) => (service.monitoring.node.findChild('Endpoint').node.findChild('Candidate').node.findChild(id) as cloudwatch.Alarm);
    const template = Template.fromStack(stack).toJSON().Resources;
    expect(template[stack.getLogicalId(warning('Variant5xxRateWarning').node.defaultChild as CfnElement)].Properties.Threshold).toBe(3);
    // The default budget's model part
    expect(template[stack.getLogicalId(warning('VariantModelLatencyP99Warning').node.defaultChild as CfnElement)].Properties.Threshold).toBe(100);
    expect(service.monitoring.alarmsOf(Severity.CRITICAL)).not.toContain(warning('Variant5xxRateWarning'));
  });

  test('the API is named after its stack, and the monitoring reads that name', () => {
    const stack = new Stack(createTestApp(), 'SomeStack');
    const service = new ChurnPredictionService(stack, 'Service');
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::RestApi', { Name: 'SomeStack-predictions' });
    expect(service.monitoring.apiMetrics.apiName).toBe('SomeStack-predictions');
  });
});
