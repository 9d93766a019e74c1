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

  test('its own throttling, latency budget and traffic guard', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: [Match.objectLike({ ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 })],
    });
    // Dev's budget: 2500 ms end to end, 200 ms model; 5 requests a minute before a rate counts.
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: Match.stringLikeRegexp('end-to-end latency'),
      Threshold: 2500,
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'IF(FILL(l_requests, 0) >= 5, l_latency, 0)' })]),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: Match.stringLikeRegexp('p99 model latency'),
      Threshold: 200,
    });
  });
});
