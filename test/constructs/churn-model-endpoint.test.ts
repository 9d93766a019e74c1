import * as sagemaker from '@aws-cdk/aws-sagemaker-alpha';
import { CfnElement, Stack } from 'aws-cdk-lib';
import { Capture, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ChurnModelEndpoint } from '../../lib/endpoint/churn-model-endpoint';
import { S3ObjectModelData } from '../../lib/endpoint/s3-object-model-data';
import { VariantCapacity } from '../../lib/endpoint/variant-capacity';
import { createTestApp } from '../support/app';

function newStack(env?: { account: string; region: string }): Stack {
  return new Stack(createTestApp(), 'TestStack', { env });
}

const logicalId = (stack: Stack, element: unknown) => stack.getLogicalId(element as CfnElement);
/** The alpha Model's L1 is its child `Model`. */
const modelId = (stack: Stack, model: sagemaker.Model) => logicalId(stack, model.node.findChild('Model'));

describe('ChurnModelEndpoint defaults', () => {
  const stack = newStack();
  const endpoint = new ChurnModelEndpoint(stack, 'Endpoint');
  const template = Template.fromStack(stack);
  const endpointId = logicalId(stack, endpoint.cfnEndpoint);

  test('one AllTraffic variant on two ml.c5.large instances, AWS-managed volume key, scaling 2..4', () => {
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [{
        VariantName: 'AllTraffic', InstanceType: 'ml.c5.large', InitialInstanceCount: 2, InitialVariantWeight: 1, ModelName: Match.anyValue(),
      }],
      KmsKeyId: Match.absent(),
      DataCaptureConfig: Match.absent(),
      ShadowProductionVariants: Match.absent(),
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 2, MaxCapacity: 4 });
    expect(endpoint.variantNames).toEqual(['AllTraffic']);
    expect(endpoint.targetableVariantNames).toEqual(['AllTraffic']);
    expect(endpoint.serverless).toBe(false);
  });

  test('the model is network-isolated and outside any VPC', () => {
    template.hasResourceProperties('AWS::SageMaker::Model', { EnableNetworkIsolation: true, VpcConfig: Match.absent() });
  });

  test('updates keep scaled-out instance counts but take new weights; the endpoint\'s name is fixed at synth', () => {
    template.hasResourceProperties('AWS::SageMaker::Endpoint', {
      RetainAllVariantProperties: true,
      ExcludeRetainedVariantProperties: [{ VariantPropertyType: 'DesiredWeight' }],
      EndpointName: endpoint.endpointName,
    });
  });

  test('the endpoint\'s log group exists before it, and the role writes only that group', () => {
    const logGroupId = logicalId(stack, endpoint.logGroup.node.defaultChild);
    template.hasResource('AWS::SageMaker::Endpoint', { DependsOn: Match.arrayWith([logGroupId]) });
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: `/aws/sagemaker/Endpoints/${endpoint.endpointName}`, RetentionInDays: 30 });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: ['logs:CreateLogGroup', 'logs:DescribeLogStreams'],
            Effect: 'Allow',
            Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:log-group:/aws/sagemaker/Endpoints/${endpoint.endpointName}`]] },
          },
          { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] } },
        ]),
      },
    });
  });

  test('grantInvoke allows InvokeEndpoint on this endpoint only', () => {
    const other = newStack();
    const invocable = new ChurnModelEndpoint(other, 'Endpoint');
    const role = new iam.Role(other, 'Caller', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    invocable.grantInvoke(role);
    Template.fromStack(other).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: logicalId(other, role.node.defaultChild) }],
      PolicyDocument: { Statement: [{ Action: 'sagemaker:InvokeEndpoint', Effect: 'Allow', Resource: { Ref: logicalId(other, invocable.cfnEndpoint) } }] },
    });
    expect(stack.resolve(endpoint.endpointArn)).toEqual({ Ref: endpointId });
    // A plain string, fixed at synth: stack name, construct path and hash, SageMaker's 63 characters at most.
    expect(endpoint.endpointName).toMatch(/^TestStack-[A-Za-z0-9-]+-[0-9A-F]{8}$/);
    expect(endpoint.endpointName.length).toBeLessThanOrEqual(63);
  });
});

describe('ChurnModelEndpoint weighted A/B variants', () => {
  const stack = newStack();
  const bucket = new s3.Bucket(stack, 'Models');
  const endpoint = new ChurnModelEndpoint(stack, 'Endpoint', {
    variants: [
      { variantName: 'Current', initialWeight: 9, capacity: VariantCapacity.instances({ instanceType: sagemaker.InstanceType.C5_XLARGE, initialInstanceCount: 2 }) },
      {
        variantName: 'Challenger',
        initialWeight: 1,
        modelData: S3ObjectModelData.fromBucket(bucket, 'churn/challenger/model.tar.gz'),
        capacity: VariantCapacity.instances({ initialInstanceCount: 1, autoScaling: { maxInstanceCount: 3 } }),
      },
    ],
    targetableVariantNames: ['Challenger'],
  });
  const template = Template.fromStack(stack);

  test('each variant has its own model, instance settings and weight', () => {
    const variants = new Capture();
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', { ProductionVariants: variants });
    expect(variants.asArray()).toEqual([
      { VariantName: 'Current', InstanceType: 'ml.c5.xlarge', InitialInstanceCount: 2, InitialVariantWeight: 9, ModelName: { 'Fn::GetAtt': [modelId(stack, endpoint.models.Current), 'ModelName'] } },
      { VariantName: 'Challenger', InstanceType: 'ml.c5.large', InitialInstanceCount: 1, InitialVariantWeight: 1, ModelName: { 'Fn::GetAtt': [modelId(stack, endpoint.models.Challenger), 'ModelName'] } },
    ]);
    template.resourceCountIs('AWS::SageMaker::Model', 2);
    template.hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: Match.objectLike({ ModelDataUrl: { 'Fn::Join': ['', ['s3://', { Ref: logicalId(stack, bucket.node.defaultChild) }, '/churn/challenger/model.tar.gz']] } }),
    });
  });

  test('each variant scales on its own target', () => {
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 2);
    const resourceId = (variant: string) => (`endpoint/${endpoint.endpointName}/variant/${variant}`);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { ResourceId: resourceId('Current'), MinCapacity: 2, MaxCapacity: 4 });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { ResourceId: resourceId('Challenger'), MinCapacity: 1, MaxCapacity: 3 });
  });

  test('each variant has its own rollback alarms; only allow-listed variants are targetable', () => {
    expect(Object.keys(endpoint.rollbackAlarms.errorRateAlarms)).toEqual(['Current', 'Challenger']);
    expect(endpoint.rollbackAlarms.alarms).toHaveLength(4);
    expect(endpoint.variantNames).toEqual(['Current', 'Challenger']);
    expect(endpoint.targetableVariantNames).toEqual(['Challenger']);
  });
});

describe('ChurnModelEndpoint shadow variant', () => {
  const stack = newStack();
  const endpoint = new ChurnModelEndpoint(stack, 'Endpoint', {
    shadowVariant: { variantName: 'Shadow', initialWeight: 0.5, capacity: VariantCapacity.instances({ initialInstanceCount: 1 }) },
  });
  const template = Template.fromStack(stack);

  test('the shadow variant is rendered apart, on its own model, and copies half the traffic', () => {
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [Match.objectLike({ VariantName: 'AllTraffic' })],
      ShadowProductionVariants: [{
        VariantName: 'Shadow', InstanceType: 'ml.c5.large', InitialInstanceCount: 1, InitialVariantWeight: 0.5,
        ModelName: { 'Fn::GetAtt': [modelId(stack, endpoint.models.Shadow), 'ModelName'] },
      }],
    });
    template.resourceCountIs('AWS::SageMaker::Model', 2);
  });

  test('requests cannot target it, deployments do not roll back on it, and it scales like any instance variant', () => {
    expect(endpoint.shadowVariantName).toBe('Shadow');
    expect(endpoint.targetableVariantNames).toEqual(['AllTraffic']);
    expect(Object.keys(endpoint.rollbackAlarms.errorRateAlarms)).toEqual(['AllTraffic']);
    expect(Object.keys(endpoint.autoScaling)).toEqual(['AllTraffic', 'Shadow']);
  });
});

describe('ChurnModelEndpoint image and model data', () => {
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

  test('model data in a bucket of the user: GetObject on that one key, decrypt on its key', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'Models', { encryption: s3.BucketEncryption.KMS });
    new ChurnModelEndpoint(stack, 'Endpoint', { modelData: S3ObjectModelData.fromBucket(bucket, 'churn/v2/model.tar.gz') });
    const template = Template.fromStack(stack);
    const bucketId = logicalId(stack, bucket.node.defaultChild);
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
