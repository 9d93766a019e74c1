import { Annotations, Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import type { RiskThresholds } from '../../../contract/prediction-contract';
import type { DataQualityMonitor } from '../../endpoint/data-quality-monitor';
import type { HeldOutScores } from '../../model/monitoring-baseline';
import { AlarmFactory, MonitoredAlarm } from '../core/alarm-factory';
import { alarmStatusWidget } from '../core/alarm-status-widget';
import { AlarmTopics } from '../alarm-topics';
import { AnswerDistributionMetrics, WatchedRiskBand } from './answer-distribution-metrics';
import { DataQualityMetrics } from './data-quality-metrics';

/** Window of every model-quality alarm: the schedule runs hourly, and shares need volume. */
export const MODEL_QUALITY_PERIOD = Duration.hours(1);
/** CloudWatch metric math takes at most 10 metrics per expression. */
const METRICS_PER_EXPRESSION = 10;

/** How far the function's answers may move from the held-out distribution before a warning. */
export interface AnswerDriftTolerance {
  /**
   * Largest difference, in share points (0 to 1), between an hour's share of a risk band and its held-out share.
   * @default 0.1
   */
  readonly riskBandShare?: number;
  /**
   * Largest difference between an hour's mean churn probability and the held-out mean.
   * @default 0.1
   */
  readonly meanScore?: number;
  /**
   * Fewest answers in an hour for its shares to count; quieter hours read as on target.
   * @default 100
   */
  readonly minAnswersPerHour?: number;
}

export interface ModelQualityMonitoringProps {
  /** Where the warnings go (the service's alarm topics: every alarm here is a warning). */
  readonly topics: AlarmTopics;
  /** The endpoint whose answers the function reports (the metrics' `Endpoint` dimension). */
  readonly endpointName: string;
  /**
   * The model package's held-out answers; the function's thresholds must be the ones they were counted at.
   * @default - no answer-distribution alarms
   */
  readonly heldOutScores?: HeldOutScores;
  /**
   * The function's risk thresholds. Risk-band shares are only comparable at the thresholds the
   * held-out shares were counted at; with others, only the mean score is watched (and a warning says so).
   * @default - the held-out scores' thresholds
   */
  readonly riskThresholds?: RiskThresholds;
  /**
   * The data-quality schedule on the endpoint's capture.
   * @default - no drift or execution alarms
   */
  readonly dataQuality?: DataQualityMonitor;
  /**
   * Tolerances of the answer-distribution alarms.
   * @default - see AnswerDriftTolerance
   */
  readonly tolerance?: AnswerDriftTolerance;
  /**
   * A dashboard that gets a status widget of these warnings (under the service's own alarms).
   * @default - the warnings show on no dashboard
   */
  readonly dashboard?: cloudwatch.Dashboard;
}

/**
 * Warnings that the model's inputs or outputs moved away from what it was trained and tested on:
 * - the share of answers per risk band and the mean churn probability, against the held-out
 *   distribution in the package (cheap and immediate, from the function's own metrics);
 * - Model Monitor's per-feature drift from the training baseline (hourly, from the capture);
 * - failed executions of the data-quality schedule, and hours with no execution reporting at all.
 * Runbook entries: docs/RUNBOOK.md#riskbandshare, #meanscore, #featuredrift, #dataqualityexecutions.
 */
export class ModelQualityMonitoring extends Construct {
  public readonly alarms: readonly MonitoredAlarm[];

  constructor(scope: Construct, id: string, props: ModelQualityMonitoringProps) {
    super(scope, id);
    const factory = new AlarmFactory(props.topics);
    if (props.heldOutScores !== undefined) {
      const held = props.heldOutScores.riskThresholds;
      const used = props.riskThresholds ?? held;
      const comparable = used.medium === held.medium && used.high === held.high;
      if (!comparable) {
        Annotations.of(this).addWarningV2('@churn/monitoring:riskBandSharesNotComparable',
          `The function's risk thresholds (${used.medium}/${used.high}) differ from those of the package's held-out shares `
          + `(${held.medium}/${held.high}): only the mean score is alarmed on.`);
      }
      addAnswerDistributionAlarms(this, factory, new AnswerDistributionMetrics(props.endpointName), props.heldOutScores, props.tolerance ?? {}, comparable);
    }
    if (props.dataQuality !== undefined) addDataQualityAlarms(this, factory, props.dataQuality);
    this.alarms = factory.alarms;
    if (props.dashboard !== undefined && this.alarms.length > 0) {
      props.dashboard.addWidgets(alarmStatusWidget(
        'Model quality (warnings: inputs or answers moving away from training and held-out data)',
        this.alarms.map((monitored) => monitored.alarm),
      ));
    }
  }
}

function checkTolerance(name: string, value: number, max: number): number {
  if (!(value > 0 && value <= max)) throw new Error(`ModelQualityMonitoring: tolerance.${name} must be in (0, ${max}], got ${value}`);
  return value;
}

function addAnswerDistributionAlarms(
  scope: Construct, factory: AlarmFactory, metrics: AnswerDistributionMetrics, scores: HeldOutScores, tolerance: AnswerDriftTolerance, withBands: boolean,
): void {
  const shareTolerance = checkTolerance('riskBandShare', tolerance.riskBandShare ?? 0.1, 1);
  const meanTolerance = checkTolerance('meanScore', tolerance.meanScore ?? 0.1, 1);
  const minAnswers = tolerance.minAnswersPerHour ?? 100;
  if (!Number.isInteger(minAnswers) || minAnswers < 1) throw new Error(`ModelQualityMonitoring: tolerance.minAnswersPerHour must be a whole number ≥ 1, got ${minAnswers}`);
  const guardedDistance = (label: string, numerator: cloudwatch.IMetric, expected: number) => new cloudwatch.MathExpression({
    // |observed − held out| while the hour has enough answers, else 0 (a quiet night is not a shift).
    expression: `IF(FILL(n, 0) >= ${minAnswers}, ABS(FILL(x, 0) / n - ${expected}), 0)`,
    usingMetrics: { x: numerator, n: metrics.scored(MODEL_QUALITY_PERIOD) },
    period: MODEL_QUALITY_PERIOD,
    label,
  });
  const bands: WatchedRiskBand[] = withBands ? ['high', 'medium'] : [];
  for (const band of bands) {
    const expected = scores.riskBandShares[band];
    factory.create(scope, {
      id: `RiskBandShare${band === 'high' ? 'High' : 'Medium'}`,
      runbook: 'RiskBandShare',
      metric: () => guardedDistance(`${band}-risk share − held-out ${expected}`, metrics.band(band, MODEL_QUALITY_PERIOD), expected),
      thresholds: { warning: shareTolerance },
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      describe: (t) => `The hourly share of ${band}-risk answers is more than ${t} away from the model package's held-out share ${expected} `
        + `(thresholds ${scores.riskThresholds.medium}/${scores.riskThresholds.high}).`,
    });
  }
  factory.create(scope, {
    id: 'MeanScore',
    runbook: 'MeanScore',
    metric: () => guardedDistance(`mean churn probability − held-out ${scores.meanScore}`, metrics.probabilitySum(MODEL_QUALITY_PERIOD), scores.meanScore),
    thresholds: { warning: meanTolerance },
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    describe: (t) => `The hourly mean churn probability is more than ${t} away from the model package's held-out mean ${scores.meanScore}.`,
  });
}

function addDataQualityAlarms(scope: Construct, factory: AlarmFactory, monitor: DataQualityMonitor): void {
  const metrics = new DataQualityMetrics(monitor.endpointName, monitor.scheduleName);
  const features = monitor.baseline.featureNames;
  for (let start = 0; start < features.length; start += METRICS_PER_EXPRESSION) {
    const group = features.slice(start, start + METRICS_PER_EXPRESSION);
    const usingMetrics = Object.fromEntries(group.map((feature, i) => [`d${i}`, metrics.baselineDrift(feature, MODEL_QUALITY_PERIOD)]));
    const part = Math.floor(start / METRICS_PER_EXPRESSION) + 1;
    factory.create(scope, {
      id: `FeatureDrift${part}`,
      runbook: 'FeatureDrift',
      metric: () => new cloudwatch.MathExpression({
        expression: `MAX([${Object.keys(usingMetrics).join(', ')}])`,
        usingMetrics,
        period: MODEL_QUALITY_PERIOD,
        label: `largest baseline drift of ${group[0]} … ${group[group.length - 1]}`,
      }),
      thresholds: { warning: monitor.baseline.driftThreshold },
      // An hour without an execution is the executions alarm's to report.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      describe: (t) => `Model Monitor measured a drift of ${t} or more from the training baseline in one of: ${group.join(', ')}.`,
    });
  }
  factory.create(scope, {
    id: 'DataQualityExecutionsMissing',
    runbook: 'DataQualityExecutions',
    metric: () => metrics.analyzedValues(features[0], MODEL_QUALITY_PERIOD),
    thresholds: { warning: 1 },
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    // No metrics at all means no execution finished: that is what this alarm is for.
    treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    describe: () => `No data-quality execution of schedule ${monitor.scheduleName} reported metrics in the last hours.`,
  });
  // Failed executions: SageMaker sends "SageMaker Processing Job State Change" events to EventBridge
  // (SageMaker Developer Guide, automating-sagemaker-with-eventbridge); the rule's TriggeredRules
  // metric (AWS/Events, dimension RuleName) counts the failed ones.
  const failed = new events.Rule(scope, 'DataQualityExecutionFailed', {
    description: `A data-quality execution of ${monitor.scheduleName} failed`,
    eventPattern: {
      source: ['aws.sagemaker'],
      detailType: ['SageMaker Processing Job State Change'],
      detail: { ProcessingJobStatus: ['Failed'], MonitoringScheduleArn: [monitor.schedule.attrMonitoringScheduleArn] },
    },
  });
  factory.create(scope, {
    id: 'DataQualityExecutionsFailed',
    runbook: 'DataQualityExecutions',
    metric: () => new cloudwatch.Metric({
      namespace: 'AWS/Events', metricName: 'TriggeredRules', dimensionsMap: { RuleName: failed.ruleName },
      statistic: cloudwatch.Stats.SUM, period: MODEL_QUALITY_PERIOD,
    }),
    thresholds: { warning: 1 },
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    describe: () => `A data-quality execution of schedule ${monitor.scheduleName} failed.`,
  });
}
