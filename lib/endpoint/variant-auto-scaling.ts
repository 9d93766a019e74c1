import { Stack } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IDependable } from 'constructs';
import { vcpuCount } from './instance-types';
import { ResolvedInstanceCapacity } from './variant-capacity';

export interface VariantAutoScalingProps {
  /** The endpoint's name. */
  readonly endpointName: string;
  /** The variant that scales. */
  readonly variantName: string;
  /** Its capacity settings (validated by the endpoint). */
  readonly capacity: ResolvedInstanceCapacity;
  /** The endpoint resource: the target can only be registered once it exists. */
  readonly endpoint: IDependable;
}

/**
 * Auto scaling of one instance variant: target tracking on invocations per instance and on CPU
 * (scale-out when either asks, scale-in only when both allow), scale-in slower than scale-out,
 * and optional scheduled bounds. The scalable target depends on the endpoint: registering a
 * variant that does not exist yet fails.
 */
export class VariantAutoScaling extends Construct {
  public readonly target: appscaling.ScalableTarget;

  constructor(scope: Construct, id: string, props: VariantAutoScalingProps) {
    super(scope, id);
    const { capacity, endpointName, variantName } = props;
    this.target = new appscaling.ScalableTarget(this, 'Target', {
      serviceNamespace: appscaling.ServiceNamespace.SAGEMAKER,
      resourceId: `endpoint/${endpointName}/variant/${variantName}`,
      scalableDimension: 'sagemaker:variant:DesiredInstanceCount',
      minCapacity: capacity.minInstanceCount,
      maxCapacity: capacity.maxInstanceCount,
      role: serviceLinkedRole(this),
    });
    this.target.node.addDependency(props.endpoint);

    const cooldowns = { scaleOutCooldown: capacity.scaleOutCooldown, scaleInCooldown: capacity.scaleInCooldown };
    this.target.scaleToTrackMetric('InvocationsPerInstance', {
      predefinedMetric: appscaling.PredefinedMetric.SAGEMAKER_VARIANT_INVOCATIONS_PER_INSTANCE,
      // Requests per second × safety factor, per minute (the metric counts per minute).
      targetValue: capacity.maxRequestsPerSecondPerInstance * capacity.scalingSafetyFactor * 60,
      ...cooldowns,
    });
    const vcpus = vcpuCount(capacity.instanceType);
    if (vcpus !== undefined) {
      this.target.scaleToTrackMetric('CpuUtilization', {
        // SageMaker sums CPUUtilization over an instance's vCPUs (0 to 100 × vCPUs) and averages instances.
        customMetric: new cloudwatch.Metric({
          namespace: '/aws/sagemaker/Endpoints',
          metricName: 'CPUUtilization',
          dimensionsMap: { EndpointName: endpointName, VariantName: variantName },
          statistic: cloudwatch.Stats.AVERAGE,
        }),
        targetValue: capacity.cpuUtilizationTargetPercent * vcpus,
        ...cooldowns,
      });
    }
    for (const scheduled of capacity.schedules) {
      this.target.scaleOnSchedule(scheduled.id, {
        schedule: scheduled.schedule,
        minCapacity: scheduled.minInstanceCount,
        maxCapacity: scheduled.maxInstanceCount,
        timeZone: scheduled.timeZone,
      });
    }
  }
}

/** SageMaker's service-linked role for Application Auto Scaling (created on first registration). */
function serviceLinkedRole(scope: Construct): iam.IRole {
  const arn = Stack.of(scope).formatArn({
    service: 'iam',
    region: '',
    resource: 'role',
    resourceName: 'aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint',
  });
  return iam.Role.fromRoleArn(scope, 'ServiceLinkedRole', arn);
}
