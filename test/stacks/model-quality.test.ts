import { CfnElement } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as fs from 'fs';
import { DATA_CAPTURE_PREFIX } from '../../lib/endpoint/endpoint-data-capture';
import { DATA_QUALITY_METRICS_NAMESPACE, DATA_QUALITY_REPORTS_PREFIX, HOURLY } from '../../lib/endpoint/data-quality-monitor';
import { MODEL_MONITOR_REGISTRY_ACCOUNTS } from '../../lib/endpoint/model-monitor-image';
import { DEV, PROD } from '../../lib/stage-config';
import { stageTemplate } from '../support/stage-templates';

const prod = stageTemplate(PROD);
const dev = stageTemplate(DEV);
const logicalId = (stack: typeof prod.stack, construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as CfnElement);

describe('Prod: data-quality monitoring of the captured requests', () => {
  const { stack, template } = prod;
  const service = stack.service;
  const monitor = service.dataQuality!;
  const endpointName = service.modelEndpoint.endpointName;
  const captureBucket = { Ref: logicalId(stack, service.modelEndpoint.dataCapture!.bucket) };
  const keyArn = { 'Fn::GetAtt': [logicalId(stack, service.encryptionKey as never), 'Arn'] };

  test('a job definition on the endpoint\'s capture, compared with the package baseline uploaded as assets', () => {
    expect(monitor).toBeDefined();
    const definitions = template.findResources('AWS::SageMaker::DataQualityJobDefinition');
    expect(Object.keys(definitions)).toHaveLength(1);
    const props = Object.values(definitions)[0].Properties;
    expect(props.EndpointName).toBe(endpointName);
    expect(props.DataQualityJobInput.EndpointInput.EndpointName).toBe(endpointName);
    const stats = JSON.stringify(props.DataQualityBaselineConfig.StatisticsResource.S3Uri);
    const constraints = JSON.stringify(props.DataQualityBaselineConfig.ConstraintsResource.S3Uri);
    expect(stats).toMatch(/\.json/);
    expect(constraints).toMatch(/\.json/);
    expect(stats).not.toEqual(constraints);
    // The two assets are the package's files.
    const assets = Object.values(stack.node.findAll()).filter((c) => c.node.path.includes('/DataQuality/Baseline'));
    expect(assets.length).toBeGreaterThanOrEqual(2);
    expect(fs.existsSync(monitor.baseline.statisticsPath) && fs.existsSync(monitor.baseline.constraintsPath)).toBe(true);
  });

  test('network-isolated, in the model\'s VPC, volume and reports under the service key, reports under their own prefix', () => {
    const props = Object.values(template.findResources('AWS::SageMaker::DataQualityJobDefinition'))[0].Properties;
    expect(props.NetworkConfig.EnableNetworkIsolation).toBe(true);
    expect(props.NetworkConfig.VpcConfig.Subnets).toEqual(service.network!.subnets.map((s) => stack.resolve(s.subnetId)));
    expect(props.NetworkConfig.VpcConfig.SecurityGroupIds).toEqual(service.network!.securityGroups.map((g) => stack.resolve(g.securityGroupId)));
    expect(props.JobResources.ClusterConfig.VolumeKmsKeyId).toEqual(keyArn);
    expect(props.DataQualityJobOutputConfig.KmsKeyId).toEqual(keyArn);
    expect(JSON.stringify(props.DataQualityJobOutputConfig.MonitoringOutputs[0].S3Output.S3Uri)).toContain(`/${DATA_QUALITY_REPORTS_PREFIX}`);
    expect(props.StoppingCondition.MaxRuntimeInSeconds).toBeLessThanOrEqual(3600);
  });

  test('the analyzer image comes from the region\'s registry account (a mapping in an environment-agnostic stack)', () => {
    const props = Object.values(template.findResources('AWS::SageMaker::DataQualityJobDefinition'))[0].Properties;
    const image = JSON.stringify(props.DataQualityAppSpecification.ImageUri);
    expect(image).toContain('SageMakerModelMonitorRegistries');
    expect(image).toContain('sagemaker-model-monitor-analyzer');
    const mapping = template.toJSON().Mappings.SageMakerModelMonitorRegistries;
    expect(mapping['us-east-1'].account).toBe(MODEL_MONITOR_REGISTRY_ACCOUNTS['us-east-1']);
    expect(mapping['eu-west-1'].account).toBe('468650794304');
  });

  test('an hourly schedule of that definition on the endpoint, created after the endpoint', () => {
    const schedules = template.findResources('AWS::SageMaker::MonitoringSchedule');
    expect(Object.keys(schedules)).toHaveLength(1);
    const [schedule] = Object.values(schedules);
    expect(schedule.Properties.EndpointName).toBe(endpointName);
    expect(schedule.Properties.MonitoringScheduleName).toBe(monitor.scheduleName);
    expect(schedule.Properties.MonitoringScheduleConfig).toMatchObject({ MonitoringType: 'DataQuality', ScheduleConfig: { ScheduleExpression: HOURLY } });
    expect(JSON.stringify(schedule.Properties.MonitoringScheduleConfig.MonitoringJobDefinitionName)).toContain(logicalId(stack, { node: { defaultChild: monitor.jobDefinition } }));
    expect(schedule.DependsOn).toContain(logicalId(stack, { node: { defaultChild: service.modelEndpoint.cfnEndpoint } }));
  });

  test('the job\'s role reads the endpoint\'s capture prefix and the baseline objects, writes its reports prefix, and no other S3', () => {
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: logicalId(stack, monitor.role as never) }] } });
    const statements = Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement) as { Action: string | string[]; Resource: unknown; Condition?: unknown }[];
    const s3 = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('s3:')));
    const text = (value: unknown) => JSON.stringify(value);
    const reads = s3.filter((s) => [s.Action].flat().includes('s3:GetObject'));
    expect(reads.map((s) => text(s.Resource)).join()).toContain(`/${DATA_CAPTURE_PREFIX}/${endpointName}/*`);
    const writes = s3.filter((s) => [s.Action].flat().includes('s3:PutObject'));
    expect(writes).toHaveLength(1);
    expect(text(writes[0].Resource)).toContain(`/${DATA_QUALITY_REPORTS_PREFIX}/*`);
    expect(text(writes[0].Resource)).toContain(captureBucket.Ref);
    for (const statement of s3) {
      expect([statement.Action].flat().every((a) => ['s3:GetObject', 's3:PutObject', 's3:ListBucket'].includes(a))).toBe(true);
      expect(text(statement.Resource)).not.toBe('"*"');
    }
    const listing = s3.find((s) => [s.Action].flat().includes('s3:ListBucket'));
    expect(listing?.Condition).toEqual({ StringLike: { 's3:prefix': [`${DATA_CAPTURE_PREFIX}/${endpointName}/*`, `${DATA_QUALITY_REPORTS_PREFIX}/*`] } });
    const metrics = statements.find((s) => [s.Action].flat().includes('cloudwatch:PutMetricData'));
    expect(metrics?.Condition).toEqual({ StringEquals: { 'cloudwatch:namespace': DATA_QUALITY_METRICS_NAMESPACE } });
  });

  test('the role is the job\'s own, trusted by SageMaker only', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'sagemaker.amazonaws.com' } })] },
      Description: Match.stringLikeRegexp('Data-quality monitoring'),
    });
    expect(monitor.role).not.toBe(service.modelEndpoint.executionRole);
  });
});

describe('model-quality alarms', () => {
  const alarmsOf = (entry: typeof prod) => Object.values(entry.template.findResources('AWS::CloudWatch::Alarm')) as { Properties: any }[];
  const described = (entry: typeof prod, pattern: RegExp) => alarmsOf(entry).filter((a) => pattern.test(a.Properties.AlarmDescription));

  test('Prod warns on drift of every feature, in groups of at most 10 metrics, at the baseline\'s comparison threshold', () => {
    const drift = described(prod, /drift of/);
    const features = prod.stack.service.dataQuality!.baseline.featureNames;
    expect(drift).toHaveLength(Math.ceil(features.length / 10));
    const names = drift.flatMap((a) => a.Properties.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Metric));
    expect(names.map((m: any) => m.MetricName).sort()).toEqual(features.map((f) => `feature_baseline_drift_${f}`).sort());
    for (const metric of names) {
      expect(metric.Namespace).toBe(DATA_QUALITY_METRICS_NAMESPACE);
      expect(metric.Dimensions).toEqual([
        { Name: 'Endpoint', Value: prod.stack.service.modelEndpoint.endpointName },
        { Name: 'MonitoringSchedule', Value: prod.stack.service.dataQuality!.scheduleName },
      ]);
    }
    for (const alarm of drift) {
      expect(alarm.Properties.Threshold).toBe(0.1);
      expect(alarm.Properties.AlarmDescription).toMatch(/^\[warning\].*Runbook: docs\/RUNBOOK\.md#featuredrift$/);
    }
  });

  test('Prod warns on failed executions (its EventBridge rule) and on hours without any', () => {
    const failed = described(prod, /execution of schedule .* failed/);
    expect(failed).toHaveLength(1);
    expect(failed[0].Properties).toMatchObject({ Namespace: 'AWS/Events', MetricName: 'TriggeredRules', Threshold: 1 });
    const rules = Object.values(prod.template.findResources('AWS::Events::Rule')) as { Properties: any }[];
    expect(rules).toHaveLength(1);
    expect(rules[0].Properties.EventPattern).toMatchObject({
      source: ['aws.sagemaker'], 'detail-type': ['SageMaker Processing Job State Change'], detail: { ProcessingJobStatus: ['Failed'] },
    });
    const missing = described(prod, /No data-quality execution/);
    expect(missing).toHaveLength(1);
    expect(missing[0].Properties).toMatchObject({ ComparisonOperator: 'LessThanThreshold', TreatMissingData: 'breaching' });
  });

  test('Dev, with no capture, has no data-quality job, schedule or alarms', () => {
    expect(dev.stack.service.dataQuality).toBeUndefined();
    dev.template.resourceCountIs('AWS::SageMaker::DataQualityJobDefinition', 0);
    dev.template.resourceCountIs('AWS::SageMaker::MonitoringSchedule', 0);
    expect(described(dev, /drift of|data-quality/)).toEqual([]);
  });

  test.each([['Prod', prod], ['Dev', dev]] as const)('%s warns when the hourly risk-band shares or mean score leave the held-out band', (_name, entry) => {
    const answers = described(entry, /held-out/);
    expect(answers).toHaveLength(3);
    for (const alarm of answers) {
      expect(alarm.Properties.Threshold).toBe(0.1);
      expect(alarm.Properties.AlarmDescription).toMatch(/^\[warning\]/);
      const expression = alarm.Properties.Metrics.find((m: any) => m.Expression).Expression as string;
      expect(expression).toMatch(/^IF\(FILL\(n, 0\) >= 100, ABS\(FILL\(x, 0\) \/ n - [0-9.]+\), 0\)$/);
      const dimensions = alarm.Properties.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Metric.Dimensions);
      for (const dims of dimensions) expect(dims).toContainEqual({ Name: 'Endpoint', Value: entry.stack.service.modelEndpoint.endpointName });
    }
    const high = answers.find((a) => /high-risk/.test(a.Properties.AlarmDescription))!;
    expect(high.Properties.Metrics.find((m: any) => m.Expression).Expression).toContain('- 0.118)');
  });
});

describe('the dashboard', () => {
  test.each([['Prod', prod], ['Dev', dev]])('%s: every model-quality warning has its place in a status widget below the service\'s alarms', (_name, entry) => {
    const [dashboard] = Object.values(entry.template.findResources('AWS::CloudWatch::Dashboard')) as { Properties: any }[];
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    const serviceAlarmsAt = body.indexOf('Alarms (service unhealthy first');
    const modelQualityAt = body.indexOf('Model quality (warnings');
    expect(serviceAlarmsAt).toBeGreaterThan(-1);
    expect(modelQualityAt).toBeGreaterThan(serviceAlarmsAt);
    const warnings = entry.stack.service.modelQuality.alarms;
    expect(warnings.length).toBeGreaterThan(0);
    for (const { alarm } of warnings) {
      expect(body.slice(modelQualityAt)).toContain(JSON.stringify({ 'Fn::GetAtt': [logicalId(entry.stack, alarm as never), 'Arn'] }));
    }
  });
});
