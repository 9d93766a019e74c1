import { Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface PredictionApiProps {
  /** The function that answers `POST /predictions`. */
  readonly handler: lambda.IFunction;
  /** Encrypts the access log group. */
  readonly encryptionKey: kms.IKey;
  /** How long access logs are kept. */
  readonly logRetention: logs.RetentionDays;
  /**
   * Steady-state requests per second the stage accepts.
   * @default 50
   */
  readonly throttlingRateLimit?: number;
  /**
   * Burst of requests the stage accepts above the rate.
   * @default 100
   */
  readonly throttlingBurstLimit?: number;
}

/** Stage name; the route is `https://{api}.execute-api.{region}.amazonaws.com/v1/predictions`. */
export const API_STAGE_NAME = 'v1';

/**
 * The REST API a customer backend calls: `POST /predictions`, IAM (SigV4) auth, a Lambda proxy
 * integration, stage throttling and JSON access logs in a KMS-encrypted log group.
 */
export class PredictionApi extends Construct {
  public readonly restApi: apigateway.RestApi;
  public readonly accessLogGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: PredictionApiProps) {
    super(scope, id);
    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      encryptionKey: props.encryptionKey,
    });
    this.restApi = new apigateway.RestApi(this, 'RestApi', {
      description: 'Real-time customer churn predictions',
      endpointConfiguration: { types: [apigateway.EndpointType.REGIONAL] },
      // Execution logging needs an account-wide API Gateway role; access logs are enabled instead.
      cloudWatchRole: false,
      deployOptions: {
        stageName: API_STAGE_NAME,
        throttlingRateLimit: props.throttlingRateLimit ?? 50,
        throttlingBurstLimit: props.throttlingBurstLimit ?? 100,
        metricsEnabled: true,
        accessLogDestination: new apigateway.LogGroupLogDestination(this.accessLogGroup),
        accessLogFormat: apigateway.AccessLogFormat.jsonWithStandardFields({
          caller: false, httpMethod: true, ip: false, protocol: true, requestTime: true,
          resourcePath: true, responseLength: true, status: true, user: true,
        }),
      },
      defaultMethodOptions: { authorizationType: apigateway.AuthorizationType.IAM },
    });
    const postPredictions = this.restApi.root.addResource('predictions').addMethod(
      'POST',
      new apigateway.LambdaIntegration(props.handler, { allowTestInvoke: false }),
    );
    Validations.of(postPredictions).acknowledge({
      id: 'AwsSolutions::AwsSolutions-COG4',
      reason: 'Callers are backend services, authenticated with IAM (SigV4), not Cognito users.',
    });
    Validations.of(this.restApi).acknowledge({
      id: 'AwsSolutions::AwsSolutions-APIG2',
      reason: 'The Lambda proxy validates every field of the body and answers 400 naming each bad field.',
    });
    const stage = Validations.of(this.restApi.deploymentStage);
    stage.acknowledge({
      id: 'AwsSolutions::AwsSolutions-APIG6',
      reason: 'Execution logging needs an account-wide API Gateway CloudWatch role; JSON access logs are on.',
    });
    stage.acknowledge({
      id: 'AwsSolutions::AwsSolutions-APIG3',
      reason: 'IAM auth admits only signed callers and stage throttling bounds their rate; no WAF by default.',
    });
  }

  /** The full URL of `POST /predictions`. */
  public get predictionsUrl(): string {
    return this.restApi.urlForPath('/predictions');
  }
}
