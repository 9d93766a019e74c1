import * as sagemaker from '@aws-cdk/aws-sagemaker-alpha';
import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ChurnPredictionService } from './churn-prediction-service';
import { LatencyBudget, latencyBudgetFromMillis } from './monitoring/latency-budget';
import { StageSettings, stageSettingsProblems } from './stage-config';

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
      instanceType: sagemaker.InstanceType.of(settings.instanceType),
      initialInstanceCount: settings.initialInstanceCount,
      minInstanceCount: settings.minInstanceCount,
      maxInstanceCount: settings.maxInstanceCount,
      maxRequestsPerSecondPerInstance: settings.maxRequestsPerSecondPerInstance,
      apiRateLimit: settings.apiRateLimit,
      apiBurstLimit: settings.apiBurstLimit,
      latencyBudget: LatencyBudget.of(latencyBudgetFromMillis(settings.latencyBudgetMillis)),
      alarmThresholds: { minimumRequestsPerMinute: settings.alarmMinimumRequestsPerMinute },
      alarmEmail: settings.alarmEmail,
    });

    new CfnOutput(this, 'PredictionsUrl', {
      description: 'POST customer records here (SigV4-signed, service execute-api)',
      value: this.service.api.predictionsUrl,
    });
    new CfnOutput(this, 'EndpointName', {
      description: 'The SageMaker endpoint serving the churn model',
      value: this.service.modelEndpoint.endpoint.endpointName,
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
