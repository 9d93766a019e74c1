import { Template } from 'aws-cdk-lib/assertions';

/** Templates' alarms, by logical id. */
type Resources = Record<string, { Properties: Record<string, any> }>;

const severityOf = (resource: { Properties: Record<string, any> }): string | undefined =>
  (resource.Properties.Tags ?? []).find((tag: { Key: string }) => tag.Key === 'Severity')?.Value;

/**
 * The logical ids of alarms tagged `Severity: critical` that no composite alarm's rule references.
 * Read from the template alone, so an alarm added by any construct, anyhow, is seen.
 */
export function criticalAlarmsOutsideComposites(template: Template): string[] {
  const alarms = template.findResources('AWS::CloudWatch::Alarm') as Resources;
  const rules = JSON.stringify(Object.values(template.findResources('AWS::CloudWatch::CompositeAlarm') as Resources)
    .map((composite) => composite.Properties.AlarmRule));
  return Object.entries(alarms)
    .filter(([, alarm]) => severityOf(alarm) === 'critical')
    .filter(([id]) => !rules.includes(JSON.stringify({ 'Fn::GetAtt': [id, 'Arn'] })))
    .map(([id]) => id);
}

/** The logical ids of alarms (metric or composite) without a Severity tag, or without an alarm action. */
export function alarmsWithoutSeverityOrAction(template: Template): string[] {
  const all = {
    ...template.findResources('AWS::CloudWatch::Alarm'),
    ...template.findResources('AWS::CloudWatch::CompositeAlarm'),
  } as Resources;
  return Object.entries(all)
    .filter(([, alarm]) => severityOf(alarm) === undefined || (alarm.Properties.AlarmActions ?? []).length === 0)
    .map(([id]) => id);
}

export { severityOf };

/**
 * The one alarm that reads `metricName` (directly, or inside its metric math), with that
 * metric's statistic and dimensions lifted to the top of its properties. Throws unless exactly one.
 */
export function alarmReading(template: Template, metricName: string): Record<string, any> {
  const alarms = template.findResources('AWS::CloudWatch::Alarm') as Resources;
  const found = Object.values(alarms).map(({ Properties: p }) => {
    const stat = p.Metrics?.find((m: any) => m.MetricStat?.Metric.MetricName === metricName)?.MetricStat;
    if (stat === undefined) return p.MetricName === metricName ? p : undefined;
    return { ...p, Statistic: stat.Stat, Dimensions: stat.Metric.Dimensions };
  }).filter((p) => p !== undefined);
  if (found.length !== 1) throw new Error(`expected one alarm reading ${metricName}, found ${found.length}`);
  return found[0];
}

/**
 * A dashboard's body as JSON, each CloudFormation reference in it replaced by a readable
 * placeholder: `@Ref(LogicalId)` or `@GetAtt(LogicalId.Attribute)`.
 */
export function dashboardBody(template: Template): any {
  const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard') as Resources);
  if (dashboards.length !== 1) throw new Error(`expected one dashboard, found ${dashboards.length}`);
  const body = dashboards[0].Properties.DashboardBody;
  const parts: unknown[] = typeof body === 'string' ? [body] : body['Fn::Join'][1];
  const text = parts.map((part: any) => {
    if (typeof part === 'string') return part;
    if (part.Ref !== undefined) return `@Ref(${part.Ref})`;
    if (part['Fn::GetAtt'] !== undefined) return `@GetAtt(${part['Fn::GetAtt'].join('.')})`;
    if (part['Fn::Join'] !== undefined && part['Fn::Join'][1].every((p: unknown) => typeof p === 'string' || (p as any).Ref !== undefined)) {
      return part['Fn::Join'][1].map((p: any) => (typeof p === 'string' ? p : `@Ref(${p.Ref})`)).join(part['Fn::Join'][0]);
    }
    throw new Error(`unexpected intrinsic in the dashboard body: ${JSON.stringify(part)}`);
  }).join('');
  return JSON.parse(text);
}

/** One plotted or hidden metric of a dashboard widget. */
export interface DashboardMetric {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
  readonly options: Record<string, any>;
}

/** One metric-math expression of a dashboard widget. */
export interface DashboardExpression {
  readonly expression: string;
  readonly id?: string;
  readonly label?: string;
}

/** Splits a metric widget's rows into metrics and expressions. */
export function widgetMetrics(widget: any): { metrics: DashboardMetric[]; expressions: DashboardExpression[] } {
  const metrics: DashboardMetric[] = [];
  const expressions: DashboardExpression[] = [];
  for (const row of widget.properties.metrics ?? []) {
    const last = row[row.length - 1];
    const hasOptions = typeof last === 'object' && last !== null;
    if (hasOptions && last.expression !== undefined) {
      expressions.push(last);
      continue;
    }
    const fields: string[] = hasOptions ? row.slice(0, -1) : row;
    const [namespace, metricName, ...pairs] = fields;
    const dimensions: Record<string, string> = {};
    for (let i = 0; i < pairs.length; i += 2) dimensions[pairs[i]] = pairs[i + 1];
    metrics.push({ namespace, metricName, dimensions, options: hasOptions ? last : {} });
  }
  return { metrics, expressions };
}
