import { Match } from 'aws-cdk-lib/assertions';
import { DEV } from '../../lib/stage-config';
import { stageTemplate } from '../support/stage-templates';

const { template } = stageTemplate(DEV);

describe('Dev stage', () => {
  test('one ml.c5.large instance, scaling between 1 and 2', () => {
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [Match.objectLike({ InstanceType: 'ml.c5.large', InitialInstanceCount: 1 })],
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 1, MaxCapacity: 2 });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({ TargetValue: 3000 }),
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
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: '5XXError', Threshold: 10 });
  });
});
