import * as sagemaker from '@aws-cdk/aws-sagemaker-alpha';
import { CfnElement, Duration, Stack, TimeZone } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import { ChurnModelEndpoint } from '../../lib/endpoint/churn-model-endpoint';
import { vcpuCount } from '../../lib/endpoint/instance-types';
import { VariantCapacity } from '../../lib/endpoint/variant-capacity';
import { createTestApp } from '../support/app';

describe('vcpuCount', () => {
  test.each([
    ['ml.c5.large', 2], ['ml.c5.xlarge', 4], ['ml.m5.2xlarge', 8], ['ml.c5.9xlarge', 36], ['ml.c7g.16xlarge', 64],
    ['ml.c5.metal', undefined], ['ml.t2.medium', undefined],
  ])('%s has %s vCPUs', (instanceType, expected) => {
    expect(vcpuCount(instanceType)).toBe(expected);
  });
});

describe('VariantAutoScaling', () => {
  const stack = new Stack(createTestApp(), 'TestStack');
  const endpoint = new ChurnModelEndpoint(stack, 'Endpoint', {
    capacity: VariantCapacity.instances({
      instanceType: sagemaker.InstanceType.C5_2XLARGE,
      initialInstanceCount: 3,
      autoScaling: {
        minInstanceCount: 2,
        maxInstanceCount: 10,
        maxRequestsPerSecondPerInstance: 50,
        scalingSafetyFactor: 0.8,
        cpuUtilizationTargetPercent: 60,
        scaleOutCooldown: Duration.seconds(30),
        scaleInCooldown: Duration.minutes(10),
        schedules: [{
          id: 'WeekendFloor', schedule: appscaling.Schedule.cron({ weekDay: 'SAT', hour: '0', minute: '0' }),
          minInstanceCount: 2, maxInstanceCount: 4, timeZone: TimeZone.EUROPE_BERLIN,
        }],
      },
    }),
  });
  const template = Template.fromStack(stack);
  const endpointId = stack.getLogicalId(endpoint.cfnEndpoint as CfnElement);
  const endpointName = endpoint.endpointName;
  const targetId = stack.getLogicalId(endpoint.autoScaling.AllTraffic.target.node.defaultChild as CfnElement);

  test('the target spans min..max, uses SageMaker\'s service-linked role, and waits for the endpoint', () => {
    template.hasResource('AWS::ApplicationAutoScaling::ScalableTarget', {
      Properties: {
        ServiceNamespace: 'sagemaker',
        ScalableDimension: 'sagemaker:variant:DesiredInstanceCount',
        ResourceId: `endpoint/${endpointName}/variant/AllTraffic`,
        MinCapacity: 2,
        MaxCapacity: 10,
        RoleARN: {
          'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' },
            ':role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint']],
        },
        ScheduledActions: [{
          ScheduledActionName: 'WeekendFloor', Schedule: 'cron(0 0 ? * SAT *)', Timezone: 'Europe/Berlin',
          ScalableTargetAction: { MinCapacity: 2, MaxCapacity: 4 },
        }],
      },
      DependsOn: [endpointId],
    });
  });

  test('invocations per instance: 50 requests/s × 0.8 × 60 s, scaling in slower than out', () => {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      ScalingTargetId: { Ref: targetId },
      TargetTrackingScalingPolicyConfiguration: {
        PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerVariantInvocationsPerInstance' },
        TargetValue: 2400,
        ScaleOutCooldown: 30,
        ScaleInCooldown: 600,
      },
    });
  });

  test('CPU: 60% of the 8 vCPUs of an ml.c5.2xlarge, on SageMaker\'s per-variant instance metric', () => {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      ScalingTargetId: { Ref: targetId },
      TargetTrackingScalingPolicyConfiguration: {
        CustomizedMetricSpecification: {
          Namespace: '/aws/sagemaker/Endpoints',
          MetricName: 'CPUUtilization',
          Statistic: 'Average',
          Dimensions: [
            { Name: 'EndpointName', Value: endpointName },
            { Name: 'VariantName', Value: 'AllTraffic' },
          ],
        },
        TargetValue: 480,
        ScaleOutCooldown: 30,
        ScaleInCooldown: 600,
      },
    });
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 2);
  });
});

describe('VariantAutoScaling turned off (to change the instance type of a scaled variant)', () => {
  test('no scalable target or policy: CloudFormation deregisters the variant and leaves its instance count', () => {
    const stack = new Stack(createTestApp(), 'TestStack');
    const endpoint = new ChurnModelEndpoint(stack, 'Endpoint', { capacity: VariantCapacity.instances({ autoScaling: { enabled: false } }) });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 0);
    template.hasResourceProperties('AWS::SageMaker::Endpoint', { RetainAllVariantProperties: true });
    expect(endpoint.autoScaling).toEqual({});
  });

  test('When schedules are given with scaling off: they are named, not dropped', () => {
    const stack = new Stack(createTestApp(), 'TestStack');
    expect(() => new ChurnModelEndpoint(stack, 'Endpoint', {
      capacity: VariantCapacity.instances({
        autoScaling: { enabled: false, schedules: [{ id: 'Night', schedule: appscaling.Schedule.cron({ hour: '20', minute: '0' }), minInstanceCount: 2 }] },
      }),
    })).toThrow(/capacity\.autoScaling\.schedules need auto scaling, which is disabled/);
  });
});
