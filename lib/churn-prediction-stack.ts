import * as sagemaker from '@aws-cdk/aws-sagemaker-alpha';
import { CfnOutput, Duration, Stack, StackProps, TimeZone } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ChurnPredictionService } from './churn-prediction-service';
import { DeploymentGuardrailsOptions, ShiftSize, TrafficShifting } from './endpoint/deployment-guardrails';
import { ScheduledInstanceCount, VariantCapacity } from './endpoint/variant-capacity';
import { LatencyBudget, latencyBudgetFromMillis } from './monitoring/latency-budget';
import { DeploymentSettings, StageSettings, stageSettingsProblems } from './stage-config';
import { requiredAlarmEmailParameter } from './required-alarm-email';

export interface ChurnPredictionStackProps extends StackProps {
  /** The stage's settings. */
  readonly settings: StageSettings;
}

/** One stage of the service. The only place that maps stage settings to construct props. */
export class ChurnPredictionStack extends Stack {
  public readonly service: ChurnPredictionService;

  constructor(scope: Construct, id: string, props: ChurnPredictionStackProps) {
    super(scope, id, { description: `Real-time customer churn predictions (${props.settings.name})`, ...props });
    const { settings } = props;
    const problems = stageSettingsProblems(settings);
    if (problems.length > 0) throw new Error(`Invalid settings for stage ${settings.name}:\n- ${problems.join('\n- ')}`);

    this.service = new ChurnPredictionService(this, 'Service', {
      capacity: capacityOf(settings),
      requireMultiAz: settings.requireMultiAz,
      runInVpc: settings.isolateInVpc,
      availabilityZones: settings.availabilityZones,
      ownsApiGatewayAccountRole: settings.ownsApiGatewayAccountRole,
      dataCapture: settings.dataCaptureSamplingPercent === undefined ? undefined : {
        samplingPercentage: settings.dataCaptureSamplingPercent,
        readers: (settings.dataCaptureReaderRoleNames ?? []).map((name, index) => iam.Role.fromRoleArn(this, `DataCaptureReader${index}`,
          this.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: name }), { mutable: false })),
      },
      deployment: deploymentOf(settings.deployment),
      apiRateLimit: settings.apiRateLimit,
      apiBurstLimit: settings.apiBurstLimit,
      latencyBudget: LatencyBudget.of(latencyBudgetFromMillis(settings.latencyBudgetMillis)),
      maxEndpointErrorRate: settings.maxEndpointErrorRatePercent / 100,
      alarmThresholds: { minimumRequestsPerMinute: settings.alarmMinimumRequestsPerMinute },
      // A stage that must page someone and names no one asks CloudFormation for an address instead.
      alarmEmail: settings.alarmEmail ?? (settings.requireAlarmSubscription === true ? requiredAlarmEmailParameter(this, id) : undefined),
      mediumRiskThreshold: settings.mediumRiskThreshold,
      highRiskThreshold: settings.highRiskThreshold,
      recommendedActions: settings.recommendedActions,
      reservedConcurrentExecutions: settings.reservedConcurrency,
      apiIamAuthorization: settings.apiIamAuthorization,
      apiKeys: settings.apiKeys === undefined ? undefined : {
        rateLimit: settings.apiKeys.rateLimit,
        burstLimit: settings.apiKeys.burstLimit,
        quotaLimit: settings.apiKeys.quotaPerDay,
        quotaPeriod: apigateway.Period.DAY,
      },
      apiWebAclRequestsPerFiveMinutesPerIp: settings.apiWebAclRequestsPerFiveMinutesPerIp,
      apiCorsAllowOrigins: settings.apiCorsAllowOrigins,
    });

    new CfnOutput(this, 'PredictionsUrl', {
      description: 'POST {"records": [...]} here (SigV4-signed, service execute-api, unless configured for API keys)',
      value: this.service.api.predictionsUrl,
    });
    if (this.service.api.apiKey !== undefined) {
      new CfnOutput(this, 'ApiKeyId', {
        description: 'Read the key with: aws apigateway get-api-key --include-value --api-key <id>',
        value: this.service.api.apiKey.keyId,
      });
    }
    new CfnOutput(this, 'EndpointName', {
      description: 'The SageMaker endpoint serving the churn model',
      value: this.service.modelEndpoint.endpointName,
    });
    new CfnOutput(this, 'EndpointConfigName', {
      description: 'The endpoint configuration this deployment should have put live (npm run verify compares)',
      value: this.service.modelEndpoint.endpointConfigName,
    });
    new CfnOutput(this, 'TargetableVariants', {
      description: 'Production variants a request may target, comma-separated',
      value: this.service.modelEndpoint.targetableVariantNames.join(','),
    });
    new CfnOutput(this, 'CriticalAlarmTopicArn', {
      description: 'SNS topic that pages: the composite "service unhealthy" alarm only',
      value: this.service.monitoring.topics.critical.topicArn,
    });
    new CfnOutput(this, 'WarningAlarmTopicArn', {
      description: 'SNS topic every individual alarm notifies, on alarm and on recovery',
      value: this.service.monitoring.topics.warning.topicArn,
    });
    new CfnOutput(this, 'DashboardName', {
      description: 'CloudWatch dashboard of the service',
      value: this.service.monitoring.dashboard.dashboardName,
    });
  }
}

function capacityOf(settings: StageSettings): VariantCapacity {
  const capacity = settings.capacity;
  if (capacity.kind === 'serverless') {
    return VariantCapacity.serverless({
      memorySizeInMB: capacity.memorySizeInMB,
      maxConcurrency: capacity.maxConcurrency,
      provisionedConcurrency: capacity.provisionedConcurrency,
    });
  }
  const schedules: ScheduledInstanceCount[] = [];
  if (capacity.offHours !== undefined) {
    const timeZone = TimeZone.of(capacity.offHours.timeZone);
    schedules.push(
      { id: 'OffHoursFloor', schedule: appscaling.Schedule.cron({ hour: '20', minute: '0' }), minInstanceCount: capacity.offHours.minInstanceCount, timeZone },
      { id: 'WorkingHoursFloor', schedule: appscaling.Schedule.cron({ weekDay: 'MON-FRI', hour: '7', minute: '0' }), minInstanceCount: capacity.minInstanceCount, timeZone },
    );
  }
  return VariantCapacity.instances({
    instanceType: sagemaker.InstanceType.of(capacity.instanceType),
    initialInstanceCount: capacity.initialInstanceCount,
    autoScaling: {
      enabled: capacity.autoScalingEnabled,
      minInstanceCount: capacity.minInstanceCount,
      maxInstanceCount: capacity.maxInstanceCount,
      maxRequestsPerSecondPerInstance: capacity.maxRequestsPerSecondPerInstance,
      cpuUtilizationTargetPercent: capacity.cpuUtilizationTargetPercent,
      schedules,
    },
  });
}

function deploymentOf(deployment: DeploymentSettings): DeploymentGuardrailsOptions {
  return {
    trafficShifting: deployment.trafficShifting === 'all-at-once'
      ? TrafficShifting.allAtOnce()
      : TrafficShifting.canary({ size: ShiftSize.instances(deployment.canaryInstanceCount), wait: Duration.minutes(deployment.canaryMinutes) }),
    bakeTime: Duration.minutes(deployment.bakeMinutes),
    autoRollback: deployment.autoRollback,
  };
}
