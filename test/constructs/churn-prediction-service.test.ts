import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ChurnPredictionService } from '../../lib/churn-prediction-service';
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
    })).toThrow(/mediumRiskThreshold \(0.8\) < highRiskThreshold \(0.5\)[\s\S]*maxRecordsPerRequest must be a whole number ≥ 1, got 0/);
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
