import { CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ChurnModelEndpoint } from '../../lib/endpoint/churn-model-endpoint';
import { VariantCapacity } from '../../lib/endpoint/variant-capacity';
import { createTestApp } from '../support/app';

describe('ChurnModelEndpoint with a serverless variant', () => {
  const stack = new Stack(createTestApp(), 'TestStack');
  const endpoint = new ChurnModelEndpoint(stack, 'Endpoint', {
    capacity: VariantCapacity.serverless({ memorySizeInMB: 3072, maxConcurrency: 20, provisionedConcurrency: 2 }),
  });
  const template = Template.fromStack(stack);

  test('the variant has a ServerlessConfig and no instances, and the config no volume key', () => {
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [{
        VariantName: 'AllTraffic',
        InitialVariantWeight: 1,
        ModelName: Match.anyValue(),
        ServerlessConfig: { MemorySizeInMB: 3072, MaxConcurrency: 20, ProvisionedConcurrency: 2 },
      }],
      KmsKeyId: Match.absent(),
    });
  });

  test('no instance auto scaling (provisioned concurrency cannot be auto scaled through CloudFormation)', () => {
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    expect(endpoint.autoScaling).toEqual({});
  });

  test('the model is neither network-isolated nor in a VPC, which serverless endpoints do not support', () => {
    template.hasResourceProperties('AWS::SageMaker::Model', { EnableNetworkIsolation: false, VpcConfig: Match.absent() });
  });

  test('it is a different endpoint resource than an instance-based one (SageMaker cannot convert between them in place)', () => {
    expect(endpoint.serverless).toBe(true);
    expect(endpoint.cfnEndpoint.node.id).toBe('ServerlessEndpoint');
    const instanceStack = new Stack(createTestApp(), 'TestStack');
    const instanceBased = new ChurnModelEndpoint(instanceStack, 'Endpoint');
    expect(stack.getLogicalId(endpoint.cfnEndpoint as CfnElement)).not.toBe(instanceStack.getLogicalId(instanceBased.cfnEndpoint as CfnElement));
  });

  test('it still rolls deployments back on its error-rate and latency alarms', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 2);
    template.hasResourceProperties('AWS::SageMaker::Endpoint', {
      DeploymentConfig: Match.objectLike({ AutoRollbackConfiguration: { Alarms: endpoint.rollbackAlarms.alarmNames.map((AlarmName) => ({ AlarmName })) } }),
    });
  });
});
