import { Duration } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/** Every alarm looks at five-minute windows. */
const ALARM_PERIOD = Duration.minutes(5);

export interface ServiceAlarmsProps {
  /**
   * Alarms on the endpoint, owned by it (its deployment-rollback alarms: 5XX error rate and p99
   * model latency per variant). They are reused here, not duplicated: they get the topic's actions.
   */
  readonly endpointAlarms: cloudwatch.Alarm[];
  /** The Lambda proxy. */
  readonly predictFunction: lambda.IFunction;
  /** The REST API. */
  readonly restApi: apigateway.RestApi;
  /** Encrypts the alarm topic; its policy must let cloudwatch.amazonaws.com use it. */
  readonly encryptionKey: kms.IKey;
  /**
   * Lambda errors (crashes and timeouts; handled faults answer 5xx instead) in five minutes.
   * @default 1
   */
  readonly functionErrorsThreshold?: number;
  /**
   * API Gateway 5XX answers in five minutes that raise the alarm.
   * @default 5
   */
  readonly api5xxErrorsThreshold?: number;
  /**
   * An e-mail address subscribed to the alarm topic (it must confirm the subscription).
   * @default - no subscription
   */
  readonly alarmEmail?: string;
}

/**
 * Alarms on each layer (the endpoint's own error-rate and latency alarms, Lambda errors, API 5XX),
 * all acting on one KMS-encrypted SNS topic, on alarm and on recovery. No traffic means no errors,
 * so missing data never raises an alarm.
 */
export class ServiceAlarms extends Construct {
  public readonly alarmTopic: sns.Topic;
  public readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: ServiceAlarmsProps) {
    super(scope, id);
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      displayName: 'Churn prediction service alarms',
      masterKey: props.encryptionKey,
      enforceSSL: true,
    });
    if (props.alarmEmail !== undefined) {
      this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    }
    const sum = { statistic: cloudwatch.Stats.SUM, period: ALARM_PERIOD };

    for (const alarm of props.endpointAlarms) this.notify(alarm);
    this.addAlarm('FunctionErrors', {
      metric: props.predictFunction.metricErrors(sum),
      threshold: props.functionErrorsThreshold ?? 1,
      description: 'The prediction Lambda crashed or timed out.',
    });
    this.addAlarm('Api5xxErrors', {
      metric: props.restApi.metricServerError(sum),
      threshold: props.api5xxErrorsThreshold ?? 5,
      description: 'The prediction API answered with 5XX errors.',
    });
  }

  private addAlarm(id: string, options: {
    metric: cloudwatch.IMetric; threshold: number; description: string; evaluationPeriods?: number; datapointsToAlarm?: number;
  }): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric: options.metric,
      threshold: options.threshold,
      evaluationPeriods: options.evaluationPeriods ?? 1,
      datapointsToAlarm: options.datapointsToAlarm,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: options.description,
    });
    this.notify(alarm);
  }

  private notify(alarm: cloudwatch.Alarm): void {
    const action = new actions.SnsAction(this.alarmTopic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.alarms.push(alarm);
  }
}
