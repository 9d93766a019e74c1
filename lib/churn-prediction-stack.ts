import * as sagemaker from '@aws-cdk/aws-sagemaker-alpha';
import { CfnOutput, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';
import { ChurnPredictionService } from './churn-prediction-service';
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
      modelLatencyP99Threshold: Duration.millis(settings.modelLatencyP99Millis),
      api5xxErrorsThreshold: settings.api5xxErrorsThreshold,
      alarmEmail: settings.alarmEmail,
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
      value: this.service.modelEndpoint.endpoint.endpointName,
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      description: 'SNS topic every alarm notifies',
      value: this.service.alarms.alarmTopic.topicArn,
    });
  }
}
