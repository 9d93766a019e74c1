import * as sagemaker from '@aws-cdk/aws-sagemaker-alpha';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ChurnModelEndpoint } from '../../lib/endpoint/churn-model-endpoint';
import { S3ObjectModelData } from '../../lib/endpoint/s3-object-model-data';
import { createTestApp } from '../support/app';

function newStack(env?: { account: string; region: string }): Stack {
  return new Stack(createTestApp(), 'TestStack', { env });
}

describe('ChurnModelEndpoint', () => {
  test('defaults: two ml.c5.large instances, scaling 2..4', () => {
    const stack = newStack();
    new ChurnModelEndpoint(stack, 'Endpoint');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [Match.objectLike({ InstanceType: 'ml.c5.large', InitialInstanceCount: 2 })],
      KmsKeyId: Match.absent(),
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 2, MaxCapacity: 4 });
  });

  test('When every setting is wrong: one error names each problem', () => {
    expect(() => new ChurnModelEndpoint(newStack(), 'Endpoint', {
      instanceType: sagemaker.InstanceType.T2_MEDIUM,
      initialInstanceCount: 2,
      minInstanceCount: 3,
      maxInstanceCount: 1.5,
      maxRequestsPerSecondPerInstance: 0,
      scalingSafetyFactor: 1.5,
    })).toThrow(new RegExp([
      'instanceType ml.t2.medium is burstable',
      'maxInstanceCount must be a whole number ≥ 1, got 1.5',
      'minInstanceCount \\(3\\) must not exceed initialInstanceCount \\(2\\)',
      'maxInstanceCount \\(1.5\\) must not be below initialInstanceCount \\(2\\)',
      'maxRequestsPerSecondPerInstance must be > 0, got 0',
      'scalingSafetyFactor must be in \\(0, 1\\], got 1.5',
    ].join('[\\s\\S]*')));
  });

  test('When the instance count is zero: it is rejected, not treated as unset', () => {
    expect(() => new ChurnModelEndpoint(newStack(), 'Endpoint', { initialInstanceCount: 0 }))
      .toThrow(/initialInstanceCount must be a whole number ≥ 1, got 0/);
  });

  test('in a stack pinned to a region, the image account is resolved at synth time', () => {
    const stack = newStack({ account: '111111111111', region: 'eu-west-1' });
    new ChurnModelEndpoint(stack, 'Endpoint');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: Match.objectLike({
        Image: { 'Fn::Join': ['', ['141502667606.dkr.ecr.eu-west-1.', { Ref: 'AWS::URLSuffix' }, '/sagemaker-xgboost:1.7-1']] },
      }),
    });
    expect(template.toJSON().Mappings).toBeUndefined();
  });

  test('in a region without the image, synthesis fails with the region named', () => {
    const stack = newStack({ account: '111111111111', region: 'xx-nowhere-1' });
    expect(() => new ChurnModelEndpoint(stack, 'Endpoint')).toThrow(/not published in region xx-nowhere-1/);
  });
});

describe('S3ObjectModelData', () => {
  test('model data in a bucket of the user: GetObject on that one key, decrypt on its key', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'Models', { encryption: s3.BucketEncryption.KMS });
    new ChurnModelEndpoint(stack, 'Endpoint', { modelData: S3ObjectModelData.fromBucket(bucket, 'churn/v2/model.tar.gz') });
    const template = Template.fromStack(stack);
    const bucketId = stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
    template.hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: Match.objectLike({
        ModelDataUrl: { 'Fn::Join': ['', ['s3://', { Ref: bucketId }, '/churn/v2/model.tar.gz']] },
      }),
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: 's3:GetObject', Effect: 'Allow',
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/churn/v2/model.tar.gz']] },
          },
          Match.objectLike({ Action: 'kms:Decrypt' }),
        ]),
      },
    });
  });

  test('When the archive is not a .tar.gz: it is rejected', () => {
    expect(() => S3ObjectModelData.fromAsset('model/xgboost-model.json')).toThrow(/\.tar\.gz archive/);
    const bucket = s3.Bucket.fromBucketName(newStack(), 'Models', 'models');
    expect(() => S3ObjectModelData.fromBucket(bucket, 'model.zip')).toThrow(/\.tar\.gz archive/);
  });
});
