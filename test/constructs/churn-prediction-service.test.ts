import { CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sagemaker from '@aws-cdk/aws-sagemaker-alpha';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { predictionRequestSchema } from '../../contract/prediction-contract';
import { modelVersionOfArchive } from '../../lib/api/model-version';
import { ChurnPredictionService } from '../../lib/churn-prediction-service';
import { BUNDLED_MODEL_ARCHIVE } from '../../lib/endpoint/churn-model-endpoint';
import { VariantCapacity } from '../../lib/endpoint/variant-capacity';
import { createTestApp } from '../support/app';

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
    new ChurnPredictionService(stack, 'Service', { mediumRiskThreshold: 0.2, highRiskThreshold: 0.5, maxRecordsPerRequest: 10 });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ MAX_RECORDS: '10', RISK_THRESHOLD_MEDIUM: '0.2', RISK_THRESHOLD_HIGH: '0.5' }),
      },
    });
  });

  test('When the risk thresholds are out of order and the batch size is zero: one error names both', () => {
    const stack = new Stack(createTestApp(), 'TestStack');
    expect(() => new ChurnPredictionService(stack, 'Service', {
      mediumRiskThreshold: 0.8, highRiskThreshold: 0.5, maxRecordsPerRequest: 0,
    })).toThrow(/maxRecordsPerRequest must be a whole number from 1 to 1000, got 0[\s\S]*mediumRiskThreshold \(0.8\) < highRiskThreshold \(0.5\)/);
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

  test('With model data of the user: modelVersion is required, and used when given', () => {
    const build = (modelVersion?: string) => {
      const stack = new Stack(createTestApp(), 'TestStack');
      const bucket = s3.Bucket.fromBucketName(stack, 'Models', 'models-bucket');
      new ChurnPredictionService(stack, 'Service', { modelData: sagemaker.ModelData.fromBucket(bucket, 'churn/model.tar.gz'), modelVersion });
      return Template.fromStack(stack);
    };
    expect(() => build()).toThrow(/modelVersion is required with modelData or variants of your own/);
    build('churn-2026-11').hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ MODEL_VERSION: 'churn-2026-11' }) },
    });
  });

  test('allowed variants and the batch size reach both the function and the API\'s request model', () => {
    const stack = new Stack(createTestApp(), 'TestStack');
    const service = new ChurnPredictionService(stack, 'Service', { targetableVariantNames: ['AllTraffic'], maxRecordsPerRequest: 10 });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ ALLOWED_VARIANTS: 'AllTraffic', MAX_RECORDS: '10' }) },
    });
    const modelId = stack.getLogicalId(service.api.requestModel.node.defaultChild as CfnElement);
    expect(template.findResources('AWS::ApiGateway::Model')[modelId].Properties.Schema)
      .toEqual(predictionRequestSchema({ maxRecords: 10, allowedVariants: ['AllTraffic'] }));
  });

  test('When function and API props are both wrong: one error names all of them', () => {
    const stack = new Stack(createTestApp(), 'TestStack');
    expect(() => new ChurnPredictionService(stack, 'Service', {
      reservedConcurrentExecutions: -1, apiIamAuthorization: false, apiRateLimit: 0,
    })).toThrow(/reservedConcurrentExecutions[\s\S]*throttlingRateLimit must be > 0[\s\S]*iamAuthorization is off/);
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
    const service = new ChurnPredictionService(stack, 'Service', { vpc });
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
    new ChurnPredictionService(stack, 'Service', { capacity: VariantCapacity.serverless() });
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', { KmsKeyId: Match.absent() });
  });

  test('data capture is encrypted with the service key', () => {
    const stack = new Stack(createTestApp(), 'TestStack');
    const service = new ChurnPredictionService(stack, 'Service', { dataCapture: { samplingPercentage: 5 } });
    const keyArn = { 'Fn::GetAtt': [stack.getLogicalId(service.encryptionKey.node.defaultChild as kms.CfnKey), 'Arn'] };
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      DataCaptureConfig: Match.objectLike({ InitialSamplingPercentage: 5, KmsKeyId: keyArn }),
    });
  });

  test('When a VPC is given but runInVpc is off: it is named', () => {
    const stack = new Stack(createTestApp(), 'TestStack');
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-0a1b2c3d4e5f60718', availabilityZones: ['eu-west-1a'] });
    expect(() => new ChurnPredictionService(stack, 'Service', { vpc, runInVpc: false })).toThrow(/vpc\/vpcSubnets are given but runInVpc is false/);
  });
});
