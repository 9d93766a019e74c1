import * as sagemaker from '@aws-cdk/aws-sagemaker-alpha';
import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { PredictFunction } from './api/predict-function';
import { PredictionApi } from './api/prediction-api';
import { ServiceKey } from './encryption/service-key';
import { ChurnModelEndpoint, VARIANT_NAME } from './endpoint/churn-model-endpoint';
import { AlarmThresholds } from './monitoring/alarm-thresholds';
import { vcpusOfInstanceType } from './monitoring/instance-vcpus';
import { DEFAULT_LATENCY_BUDGET_MILLIS, LatencyBudget, latencyBudgetFromMillis } from './monitoring/latency-budget';
import { ServiceMonitoring } from './monitoring/service-monitoring';

export interface ChurnPredictionServiceProps {
  /**
   * The model archive to serve (`model.tar.gz` with one XGBoost model file whose features match
   * model/feature-schema.json).
   * @default - the bundled churn model
   */
  readonly modelData?: sagemaker.ModelData;
  /**
   * Endpoint instance type (not burstable).
   * @default ml.c5.large
   */
  readonly instanceType?: sagemaker.InstanceType;
  /**
   * Endpoint instances at creation; two or more span Availability Zones.
   * @default 2
   */
  readonly initialInstanceCount?: number;
  /**
   * Fewest endpoint instances auto scaling keeps.
   * @default - initialInstanceCount
   */
  readonly minInstanceCount?: number;
  /**
   * Most endpoint instances auto scaling adds.
   * @default - twice minInstanceCount
   */
  readonly maxInstanceCount?: number;
  /**
   * Requests per second one endpoint instance sustains; the scaling target derives from it.
   * @default 100
   */
  readonly maxRequestsPerSecondPerInstance?: number;
  /**
   * Most customer records in one request.
   * @default 100
   */
  readonly maxRecordsPerRequest?: number;
  /**
   * Churn probability from which a customer is at medium risk.
   * @default 0.3
   */
  readonly mediumRiskThreshold?: number;
  /**
   * Churn probability from which a customer is at high risk.
   * @default 0.7
   */
  readonly highRiskThreshold?: number;
  /**
   * API stage steady-state rate limit, requests per second.
   * @default 50
   */
  readonly apiRateLimit?: number;
  /**
   * API stage burst limit, requests.
   * @default 100
   */
  readonly apiBurstLimit?: number;
  /**
   * p99 latency each layer may spend; its parts are the latency alarms' thresholds.
   * @default - DEFAULT_LATENCY_BUDGET_MILLIS: 300 ms end to end, 100 ms of it the model's
   */
  readonly latencyBudget?: LatencyBudget;
  /**
   * Alarm thresholds other than latency.
   * @default - see AlarmThresholds
   */
  readonly alarmThresholds?: AlarmThresholds;
  /**
   * E-mail address subscribed to both alarm topics (critical and warning).
   * @default - no subscription
   */
  readonly alarmEmail?: string;
  /**
   * Retention of the function's and the API's logs.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * KMS key for logs, the alarm topic and endpoint volumes. A key of your own must let CloudWatch
   * Logs and CloudWatch alarms use it (see ServiceKey).
   * @default - a new customer-managed key with rotation on
   */
  readonly encryptionKey?: kms.IKey;
}

/**
 * The whole churn-prediction service: a SageMaker endpoint serving the model, a REST API whose
 * Lambda proxy validates, encodes and scores customer records, and monitoring of every layer
 * (alarms by severity, a composite "service unhealthy" alarm, a dashboard).
 */
export class ChurnPredictionService extends Construct {
  public readonly modelEndpoint: ChurnModelEndpoint;
  public readonly predictFunction: PredictFunction;
  public readonly api: PredictionApi;
  public readonly monitoring: ServiceMonitoring;
  public readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: ChurnPredictionServiceProps = {}) {
    super(scope, id);
    validateRiskThresholds(props.mediumRiskThreshold ?? 0.3, props.highRiskThreshold ?? 0.7, props.maxRecordsPerRequest ?? 100);
    this.encryptionKey = props.encryptionKey ?? new ServiceKey(this, 'Key');
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;

    this.modelEndpoint = new ChurnModelEndpoint(this, 'ModelEndpoint', {
      modelData: props.modelData,
      instanceType: props.instanceType,
      initialInstanceCount: props.initialInstanceCount,
      minInstanceCount: props.minInstanceCount,
      maxInstanceCount: props.maxInstanceCount,
      maxRequestsPerSecondPerInstance: props.maxRequestsPerSecondPerInstance,
      volumeEncryptionKey: this.encryptionKey,
    });
    this.predictFunction = new PredictFunction(this, 'PredictFunction', {
      endpoint: this.modelEndpoint.endpoint,
      maxRecordsPerRequest: props.maxRecordsPerRequest ?? 100,
      mediumRiskThreshold: props.mediumRiskThreshold ?? 0.3,
      highRiskThreshold: props.highRiskThreshold ?? 0.7,
      encryptionKey: this.encryptionKey,
      logRetention,
    });
    this.api = new PredictionApi(this, 'Api', {
      handler: this.predictFunction.function,
      encryptionKey: this.encryptionKey,
      logRetention,
      throttlingRateLimit: props.apiRateLimit,
      throttlingBurstLimit: props.apiBurstLimit,
    });
    // Monitoring: the endpoint described as plain values, with this construct's documented defaults.
    const initialInstanceCount = props.initialInstanceCount ?? 2;
    const minInstanceCount = props.minInstanceCount ?? initialInstanceCount;
    const cfnFunction = this.predictFunction.function.node.defaultChild as lambda.CfnFunction;
    this.monitoring = new ServiceMonitoring(this, 'Monitoring', {
      endpoint: {
        endpointName: this.modelEndpoint.endpoint.endpointName,
        variants: [{
          kind: 'instance',
          variantName: VARIANT_NAME,
          minInstanceCount,
          maxInstanceCount: props.maxInstanceCount ?? minInstanceCount * 2,
          maxInvocationsPerInstancePerMinute: (props.maxRequestsPerSecondPerInstance ?? 100) * 60,
          // ChurnModelEndpoint's default scalingSafetyFactor, 0.5.
          scalingTargetInvocationsPerInstancePerMinute: (props.maxRequestsPerSecondPerInstance ?? 100) * 60 * 0.5,
          vcpusPerInstance: vcpusOfInstanceType((props.instanceType ?? sagemaker.InstanceType.C5_LARGE).toString()),
        }],
      },
      predictFunction: this.predictFunction.function,
      // Lambda's own default is 3 s.
      functionTimeout: this.predictFunction.function.timeout ?? Duration.seconds(3),
      reservedConcurrentExecutions: cfnFunction.reservedConcurrentExecutions,
      restApi: this.api.restApi,
      latencyBudget: props.latencyBudget ?? LatencyBudget.of(latencyBudgetFromMillis(DEFAULT_LATENCY_BUDGET_MILLIS)),
      thresholds: props.alarmThresholds,
      encryptionKey: this.encryptionKey,
      alarmEmail: props.alarmEmail,
    });
  }
}

function validateRiskThresholds(medium: number, high: number, maxRecords: number): void {
  const problems: string[] = [];
  if (!(medium > 0 && medium < high && high <= 1)) {
    problems.push(`risk thresholds must satisfy 0 < mediumRiskThreshold (${medium}) < highRiskThreshold (${high}) ≤ 1`);
  }
  if (!Number.isInteger(maxRecords) || maxRecords < 1) {
    problems.push(`maxRecordsPerRequest must be a whole number ≥ 1, got ${maxRecords}`);
  }
  if (problems.length > 0) throw new Error(`Invalid ChurnPredictionService props:\n- ${problems.join('\n- ')}`);
}
