import { Match } from 'aws-cdk-lib/assertions';
import { DEV } from '../../lib/stage-config';
import { stageTemplate } from '../support/stage-templates';

const { stack, template } = stageTemplate(DEV);
const endpoint = stack.service.modelEndpoint;

describe('Dev stage', () => {
  test('a serverless endpoint: 2 GB, at most 5 concurrent invocations, nothing provisioned, nothing paid while idle', () => {
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [{
        VariantName: 'AllTraffic', InitialVariantWeight: 1, ModelName: Match.anyValue(),
        ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 },
      }],
      KmsKeyId: Match.absent(),
      DataCaptureConfig: Match.absent(),
    });
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    expect(endpoint.serverless).toBe(true);
  });

  test('no VPC, NAT or capture bucket: none is available to (or needed by) a serverless endpoint', () => {
    template.resourceCountIs('AWS::EC2::VPC', 0);
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.hasResourceProperties('AWS::SageMaker::Model', { VpcConfig: Match.absent(), EnableNetworkIsolation: false });
  });

  test('updates roll out all at once, with a 5-minute bake and auto rollback on the endpoint\'s alarms', () => {
    template.hasResourceProperties('AWS::SageMaker::Endpoint', {
      DeploymentConfig: {
        BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE' }, TerminationWaitInSeconds: 300, MaximumExecutionTimeoutInSeconds: 3600 },
        AutoRollbackConfiguration: { Alarms: endpoint.rollbackAlarms.alarmNames.map((AlarmName) => ({ AlarmName })) },
      },
    });
  });

  test('no reserved concurrency, so the stage deploys in a new account (concurrency quota 10)', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs24.x', ReservedConcurrentExecutions: Match.absent() });
  });

  test('its own throttling and alarm thresholds', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: [Match.objectLike({ ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 })],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ModelLatency', Threshold: 200_000 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Invocation5XXErrors', Threshold: 0.05 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: '5XXError', Threshold: 10 });
  });
});
