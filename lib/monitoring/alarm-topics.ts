import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { alarmArnsOf } from './core/alarm-arns';
import { Severity } from './core/severity';

export interface AlarmTopicsProps {
  /** Encrypts both topics; its policy must let cloudwatch.amazonaws.com use it (see ServiceKey). */
  readonly encryptionKey: kms.IKey;
  /**
   * An address subscribed to both topics (it must confirm each subscription).
   * @default - no subscription
   */
  readonly email?: string;
}

/**
 * One SNS topic per severity, KMS-encrypted and refusing publishers without TLS.
 * - critical: pages. Only the composite "service unhealthy" alarm publishes here, so one incident
 *   is one page however many layers fail with it.
 * - warning: every individual alarm, critical ones included, on alarm and on recovery: the detail
 *   of where it is, and the warnings nobody should be woken for.
 */
export class AlarmTopics extends Construct {
  public readonly critical: sns.Topic;
  public readonly warning: sns.Topic;

  constructor(scope: Construct, id: string, props: AlarmTopicsProps) {
    super(scope, id);
    this.critical = new sns.Topic(this, 'Critical', {
      displayName: 'Churn prediction: service unhealthy (page)',
      masterKey: props.encryptionKey,
      enforceSSL: true,
    });
    this.warning = new sns.Topic(this, 'Warning', {
      displayName: 'Churn prediction: alarms (detail and warnings)',
      masterKey: props.encryptionKey,
      enforceSSL: true,
    });
    for (const topic of [this.critical, this.warning]) allowAlarmsOfThisAccount(topic);
    if (props.email !== undefined) {
      this.critical.addSubscription(new subscriptions.EmailSubscription(props.email));
      this.warning.addSubscription(new subscriptions.EmailSubscription(props.email));
    }
  }

  /** The topic of a severity. */
  public of(severity: Severity): sns.Topic {
    return severity === Severity.CRITICAL ? this.critical : this.warning;
  }
}

/**
 * A topic policy replaces SNS's default one, and the deny-non-TLS statement of `enforceSSL` makes
 * one: without this statement CloudWatch may not publish, and every alarm action fails silently.
 * Allows `cloudwatch.amazonaws.com` to publish for alarms of this account and region only (AWS
 * re:Post knowledge center, "Why didn't I receive an SNS notification for my CloudWatch alarm
 * trigger?"; SNS Developer Guide, "Example cases for Amazon SNS access control": the
 * aws:SourceAccount and aws:SourceArn conditions against the confused deputy).
 */
function allowAlarmsOfThisAccount(topic: sns.Topic): void {
  const stack = Stack.of(topic);
  topic.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCloudWatchAlarmsOfThisAccount',
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    actions: ['sns:Publish'],
    resources: [topic.topicArn],
    conditions: {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': alarmArnsOf(stack) },
    },
  }));
}
