import { Annotations, Duration, Tags } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Construct } from 'constructs';
import { runbookLink } from '../../private/runbook';
import { AlarmTopics } from '../alarm-topics';
import { EVALUATION_POLICIES, Severity, SEVERITIES, SEVERITY_TAG_KEY, SeverityThresholds } from './severity';

/** An alarm and its severity. */
export interface MonitoredAlarm {
  readonly alarm: cloudwatch.IAlarm;
  readonly severity: Severity;
  /**
   * Runbook section (a heading of docs/RUNBOOK.md) that says what to do.
   * @default - none (an alarm adopted without one)
   */
  readonly runbook?: string;
}

/** One metric watched at one or more severities. */
export interface AlarmDefinition {
  /** Stable construct id prefix; the severity is appended (`Api5xxRateCritical`). */
  readonly id: string;
  /** Runbook section, a heading of its own in docs/RUNBOOK.md. */
  readonly runbook: string;
  /** The metric at a given window length (the severity's evaluation period). */
  readonly metric: (period: Duration) => cloudwatch.IMetric;
  /** Thresholds by severity; one alarm per severity given. */
  readonly thresholds: SeverityThresholds;
  /**
   * How the value compares to the threshold.
   * @default GREATER_THAN_OR_EQUAL_TO_THRESHOLD
   */
  readonly comparisonOperator?: cloudwatch.ComparisonOperator;
  /** What a window without data means for this metric; every definition chooses (see callers). */
  readonly treatMissingData: cloudwatch.TreatMissingData;
  /** What is wrong when it fires, given the threshold and severity (no customer data). */
  readonly describe: (threshold: number, severity: Severity) => string;
}

/**
 * Builds alarms from definitions: the evaluation policy of their severity, a `Severity` tag, and
 * their notifications. The only place in the module that sets alarm actions:
 * every alarm (created or adopted) notifies the warning topic on alarm and on recovery; only the
 * composite notifies the critical topic (see AlarmTopics).
 */
export class AlarmFactory {
  private readonly registered: MonitoredAlarm[] = [];

  constructor(private readonly topics: AlarmTopics) {}

  /** Every alarm created or adopted, in creation order. */
  public get alarms(): readonly MonitoredAlarm[] {
    return this.registered;
  }

  /** The alarms of one severity. */
  public alarmsOf(severity: Severity): cloudwatch.IAlarm[] {
    return this.registered.filter((a) => a.severity === severity).map((a) => a.alarm);
  }

  /** One alarm per severity the definition has a threshold for. */
  public create(scope: Construct, definition: AlarmDefinition): cloudwatch.Alarm[] {
    const created: cloudwatch.Alarm[] = [];
    for (const severity of SEVERITIES) {
      const threshold = definition.thresholds[severity];
      if (threshold === undefined) continue;
      const policy = EVALUATION_POLICIES[severity];
      const alarm = new cloudwatch.Alarm(scope, `${definition.id}${severity === Severity.CRITICAL ? 'Critical' : 'Warning'}`, {
        metric: definition.metric(policy.period),
        threshold,
        comparisonOperator: definition.comparisonOperator ?? cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: policy.evaluationPeriods,
        datapointsToAlarm: policy.datapointsToAlarm,
        treatMissingData: definition.treatMissingData,
        alarmDescription: `[${severity}] ${definition.describe(threshold, severity)} ${runbookLink(definition.runbook)}`,
      });
      this.register(alarm, severity, definition.runbook);
      created.push(alarm);
    }
    return created;
  }

  /**
   * Takes in an alarm defined elsewhere (e.g. the endpoint's rollback alarms): it joins the
   * severity's set, and gets the same notifications and tag when it is defined in this app.
   * Its description is its owner's; `runbook` names the docs/RUNBOOK.md section that covers it.
   */
  public adopt(scope: Construct, alarm: cloudwatch.IAlarm, severity: Severity, runbook?: string): void {
    // Imported alarms are AlarmBase too, but have no resource: actions added to them go nowhere.
    if (alarm instanceof cloudwatch.AlarmBase && alarm.node.defaultChild !== undefined) {
      this.register(alarm, severity, runbook);
    } else {
      Annotations.of(scope).addWarningV2('@churn/monitoring:importedAlarm',
        `Alarm ${alarm.node.path} is imported: it is watched, but its notifications are its owner's to set.`);
      this.registered.push({ alarm, severity, runbook });
    }
  }

  private register(alarm: cloudwatch.AlarmBase, severity: Severity, runbook: string | undefined): void {
    Tags.of(alarm).add(SEVERITY_TAG_KEY, severity);
    const action = new actions.SnsAction(this.topics.warning);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.registered.push({ alarm, severity, runbook });
  }

  /** Builds the composite over every critical alarm, paging the critical topic. */
  public createComposite(scope: Construct, id: string, description: string): cloudwatch.CompositeAlarm {
    const critical = this.alarmsOf(Severity.CRITICAL);
    if (critical.length === 0) throw new Error('a composite alarm needs at least one critical alarm');
    const composite = new cloudwatch.CompositeAlarm(scope, id, {
      alarmRule: cloudwatch.AlarmRule.anyOf(...critical.map((alarm) => cloudwatch.AlarmRule.fromAlarm(alarm, cloudwatch.AlarmState.ALARM))),
      alarmDescription: description,
    });
    Tags.of(composite).add(SEVERITY_TAG_KEY, Severity.CRITICAL);
    const page = new actions.SnsAction(this.topics.critical);
    composite.addAlarmAction(page);
    composite.addOkAction(page);
    return composite;
  }
}
