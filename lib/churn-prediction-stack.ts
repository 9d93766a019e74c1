import { CfnOutput, Duration, Stack, StackProps, TimeZone } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ApiAuthorization } from './api/api-authorization';
import { ChurnPredictionService, ChurnPredictionServiceProps } from './churn-prediction-service';
import { DeploymentGuardrailsOptions, ShiftSize, TrafficShifting } from './endpoint/deployment-guardrails';
import { ScheduledInstanceCount, VariantCapacity } from './endpoint/variant-capacity';
import { InvalidPropsError, throwIfProblems } from './invalid-props-error';
import { LatencyBudget, latencyBudgetFromMillis, latencyBudgetMillisProblems } from './monitoring/core/latency-budget';
import { ServiceNetwork } from './network/service-network';
import { AuthorizationSettings, DeploymentSettings, EndpointSettings, StageSettings, stageOnlyProblems } from './stage-config';
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
    const subject = `settings for stage ${settings.name}`;
    const stageProblems = stageOnlyProblems(settings);
    try {
      this.service = new ChurnPredictionService(this, 'Service', serviceProps(this, settings));
    } catch (error) {
      // One error for the stage: its own problems and the service's, in the same paths.
      if (error instanceof InvalidPropsError) throw new InvalidPropsError(subject, [...stageProblems, ...error.problems]);
      throw error;
    }
    throwIfProblems(subject, stageProblems);

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

function serviceProps(stack: Stack, settings: StageSettings): ChurnPredictionServiceProps {
  const { endpoint, network, predictions, api, monitoring } = settings;
  const budgetIsValid = latencyBudgetMillisProblems(monitoring.latencyBudgetMillis).length === 0;
  return {
    endpoint: {
      capacity: capacityOf(endpoint.capacity),
      requireMultiAz: endpoint.requireMultiAz,
      dataCapture: endpoint.dataCapture === undefined ? undefined : {
        samplingPercentage: endpoint.dataCapture.samplingPercentage,
        readers: (endpoint.dataCapture.readerRoleNames ?? []).map((name, index) => iam.Role.fromRoleArn(stack, `DataCaptureReader${index}`,
          stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: name }), { mutable: false })),
      },
      deployment: deploymentOf(endpoint.deployment),
    },
    network: network.kind === 'managed-vpc' ? ServiceNetwork.managedVpc({ availabilityZones: network.availabilityZones }) : ServiceNetwork.none(),
    predictions,
    api: { ...api, authorization: authorizationOf(api.authorization) },
    monitoring: {
      // An invalid budget is the stage's problem to report; the service checks the rest meanwhile.
      latencyBudget: budgetIsValid ? LatencyBudget.of(latencyBudgetFromMillis(monitoring.latencyBudgetMillis)) : undefined,
      maxEndpointErrorRatePercent: monitoring.maxEndpointErrorRatePercent,
      thresholds: monitoring.thresholds,
      // A stage that must page someone and names no one asks CloudFormation for an address instead.
      alarmEmail: monitoring.alarmEmail
        ?? (monitoring.requireAlarmSubscription === true ? requiredAlarmEmailParameter(stack, stack.stackName) : undefined),
    },
  };
}

function authorizationOf(authorization: AuthorizationSettings | undefined): ApiAuthorization | undefined {
  if (authorization === undefined) return undefined;
  if (authorization.kind === 'iam') return ApiAuthorization.iam();
  const usagePlan = { ...authorization.usagePlan, quotaPeriod: apigateway.Period.DAY };
  return authorization.kind === 'api-keys' ? ApiAuthorization.apiKeys(usagePlan) : ApiAuthorization.iamAndApiKeys(usagePlan);
}

function capacityOf(capacity: EndpointSettings['capacity']): VariantCapacity {
  if (capacity.kind === 'serverless') {
    return VariantCapacity.serverless({
      memorySizeInMB: capacity.memorySizeInMB,
      maxConcurrency: capacity.maxConcurrency,
      provisionedConcurrency: capacity.provisionedConcurrency,
    });
  }
  const { offHours, enabled, ...scaling } = capacity.autoScaling;
  const schedules: ScheduledInstanceCount[] = [];
  if (offHours !== undefined) {
    const timeZone = TimeZone.of(offHours.timeZone);
    schedules.push(
      { id: 'OffHoursFloor', schedule: appscaling.Schedule.cron({ hour: '20', minute: '0' }), minInstanceCount: offHours.minInstanceCount, timeZone },
      { id: 'WorkingHoursFloor', schedule: appscaling.Schedule.cron({ weekDay: 'MON-FRI', hour: '7', minute: '0' }), minInstanceCount: scaling.minInstanceCount, timeZone },
    );
  }
  return VariantCapacity.instances({
    instanceType: capacity.instanceType,
    initialInstanceCount: capacity.initialInstanceCount,
    autoScaling: { enabled, ...scaling, schedules },
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
