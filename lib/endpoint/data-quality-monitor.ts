import { ArnFormat, Duration, Fn, Names, Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { CfnDataQualityJobDefinition, CfnMonitoringSchedule } from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';
import type { MonitoringBaseline } from '../model/monitoring-baseline';
import type { IModelNetwork } from '../network/model-network';
import { findingResource } from '../private/finding-resource';
import { INLINE_ROLE_POLICY_REASON, nist80053r5 } from '../private/nag-rules';
import { modelMonitorImageUri } from './model-monitor-image';

/** Where under the capture bucket the job writes its reports (violations, statistics). */
export const DATA_QUALITY_REPORTS_PREFIX = 'data-quality-reports';
/** CloudWatch namespace of the analyzer's per-feature metrics for a real-time endpoint. */
export const DATA_QUALITY_METRICS_NAMESPACE = 'aws/sagemaker/Endpoints/data-metrics';
/**
 * Whether CloudFormation offers the data-quality resource types in the stack's region. Its resource
 * schemas (checked by synth's built-in CloudFormation validation) have no
 * AWS::SageMaker::DataQualityJobDefinition in the China regions. An environment-agnostic stack is
 * assumed to deploy where they exist.
 */
export function dataQualityMonitoringAvailable(scope: Construct): boolean {
  const region = Stack.of(scope).region;
  return Token.isUnresolved(region) || !region.startsWith('cn-');
}

/** Every hour, on the hour (CreateMonitoringSchedule, ScheduleExpression: `cron(0 * ? * * *)`). */
export const HOURLY = 'cron(0 * ? * * *)';

export interface DataQualityMonitorProps {
  /** The monitored endpoint's name (its capture lives under `{capturePrefix}/{endpointName}/`). */
  readonly endpointName: string;
  /** The bucket the endpoint captures into; the job's reports go to another prefix of it. */
  readonly captureBucket: s3.IBucket;
  /** The capture prefix of the endpoint's DataCaptureConfig. */
  readonly capturePrefix: string;
  /** The key of the captured data; it also encrypts the job's volume and reports. */
  readonly encryptionKey: kms.IKey;
  /** The model package's Model Monitor baseline, uploaded as assets. */
  readonly baseline: MonitoringBaseline;
  /**
   * The model's network: the job runs in the same subnets and security groups.
   * @default - no VPC (the job still runs network-isolated)
   */
  readonly network?: IModelNetwork;
  /**
   * Processing instance of each execution.
   * @default ml.m5.xlarge
   */
  readonly instanceType?: string;
  /**
   * Longest run of one execution; at most an hour for an hourly schedule.
   * @default Duration.minutes(30)
   */
  readonly maxRuntime?: Duration;
}

/**
 * SageMaker Model Monitor's data-quality monitoring of an endpoint's captured requests: a job
 * definition on the region's prebuilt analyzer, compared with the model package's baseline, and an
 * hourly schedule. The job runs network-isolated (in the model's VPC when it has one), encrypts its
 * volume and reports with the capture key, and assumes a role of its own that may read the
 * endpoint's capture prefix and the two baseline files and write its reports prefix; besides those,
 * only what any processing job needs (its logs, its metrics namespace, network interfaces in the VPC).
 *
 * Formats: AWS::SageMaker::DataQualityJobDefinition and AWS::SageMaker::MonitoringSchedule
 * (CloudFormation User Guide); the analyzer's metrics: SageMaker Developer Guide,
 * model-monitor-interpreting-cloudwatch ("CloudWatch Metrics").
 */
export class DataQualityMonitor extends Construct {
  public readonly role: iam.Role;
  public readonly jobDefinition: CfnDataQualityJobDefinition;
  public readonly schedule: CfnMonitoringSchedule;
  /** The schedule's name: the `MonitoringSchedule` dimension of the analyzer's metrics. */
  public readonly scheduleName: string;
  public readonly endpointName: string;
  public readonly baseline: MonitoringBaseline;

  constructor(scope: Construct, id: string, props: DataQualityMonitorProps) {
    super(scope, id);
    this.endpointName = props.endpointName;
    this.baseline = props.baseline;
    const maxRuntime = props.maxRuntime ?? Duration.minutes(30);
    if (maxRuntime.toSeconds() > 3600) throw new Error(`DataQualityMonitor: maxRuntime must be at most 1 hour for an hourly schedule, got ${maxRuntime.toHumanString()}`);
    const statistics = new s3assets.Asset(this, 'BaselineStatistics', { path: props.baseline.statisticsPath });
    const constraints = new s3assets.Asset(this, 'BaselineConstraints', { path: props.baseline.constraintsPath });
    const capturePrefix = `${props.capturePrefix}/${props.endpointName}`;

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com'),
      description: 'Data-quality monitoring of the churn endpoint: read its capture and baseline, write its reports',
    });
    this.allowJobAccess(props, statistics, constraints, capturePrefix);

    const network = props.network;
    this.jobDefinition = new CfnDataQualityJobDefinition(this, 'JobDefinition', {
      endpointName: props.endpointName,
      roleArn: this.role.roleArn,
      dataQualityAppSpecification: { imageUri: modelMonitorImageUri(this) },
      dataQualityBaselineConfig: {
        statisticsResource: { s3Uri: statistics.s3ObjectUrl },
        constraintsResource: { s3Uri: constraints.s3ObjectUrl },
      },
      dataQualityJobInput: {
        endpointInput: { endpointName: props.endpointName, localPath: '/opt/ml/processing/input/endpoint', s3InputMode: 'File', s3DataDistributionType: 'FullyReplicated' },
      },
      dataQualityJobOutputConfig: {
        kmsKeyId: props.encryptionKey.keyArn,
        monitoringOutputs: [{
          s3Output: { localPath: '/opt/ml/processing/output', s3Uri: props.captureBucket.s3UrlForObject(DATA_QUALITY_REPORTS_PREFIX), s3UploadMode: 'EndOfJob' },
        }],
      },
      jobResources: {
        clusterConfig: { instanceCount: 1, instanceType: props.instanceType ?? 'ml.m5.xlarge', volumeSizeInGb: 20, volumeKmsKeyId: props.encryptionKey.keyArn },
      },
      networkConfig: {
        enableNetworkIsolation: true,
        enableInterContainerTrafficEncryption: true,
        ...(network === undefined ? {} : {
          vpcConfig: { subnets: network.subnets.map((subnet) => subnet.subnetId), securityGroupIds: network.securityGroups.map((group) => group.securityGroupId) },
        }),
      },
      stoppingCondition: { maxRuntimeInSeconds: maxRuntime.toSeconds() },
    });
    this.jobDefinition.node.addDependency(this.role);

    this.scheduleName = Names.uniqueResourceName(this, { maxLength: 63, separator: '-' });
    this.schedule = new CfnMonitoringSchedule(this, 'Schedule', {
      monitoringScheduleName: this.scheduleName,
      endpointName: props.endpointName,
      monitoringScheduleConfig: {
        // The definition gets a generated name (a fixed one would block its replacement): read it from the ARN,
        // arn:…:data-quality-job-definition/NAME.
        monitoringJobDefinitionName: Fn.select(1, Fn.split('/', this.jobDefinition.attrJobDefinitionArn)),
        monitoringType: 'DataQuality',
        scheduleConfig: { scheduleExpression: HOURLY },
      },
    });
  }

  private allowJobAccess(props: DataQualityMonitorProps, statistics: s3assets.Asset, constraints: s3assets.Asset, capturePrefix: string): void {
    const bucket = props.captureBucket;
    const reports = bucket.arnForObjects(`${DATA_QUALITY_REPORTS_PREFIX}/*`);
    const captured = bucket.arnForObjects(`${capturePrefix}/*`);
    const stack = Stack.of(this);
    // Processing jobs log to /aws/sagemaker/ProcessingJobs, one stream per job: the group exactly, its streams by wildcard.
    const processingGroup = stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '/aws/sagemaker/ProcessingJobs', arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const processingLogs = `${processingGroup}:*`;
    const statements = [
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [captured] }),
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn], conditions: { StringLike: { 's3:prefix': [`${capturePrefix}/*`, `${DATA_QUALITY_REPORTS_PREFIX}/*`] } } }),
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [statistics.bucket.arnForObjects(statistics.s3ObjectKey), constraints.bucket.arnForObjects(constraints.s3ObjectKey)] }),
      new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [reports] }),
      new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:Encrypt'], resources: [props.encryptionKey.keyArn] }),
      new iam.PolicyStatement({ actions: ['logs:CreateLogGroup', 'logs:DescribeLogStreams'], resources: [processingGroup] }),
      new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [processingLogs] }),
      new iam.PolicyStatement({
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: { StringEquals: { 'cloudwatch:namespace': DATA_QUALITY_METRICS_NAMESPACE } },
      }),
    ];
    for (const statement of statements) this.role.addToPolicy(statement);
    const network = props.network;
    if (network !== undefined) {
      const ec2Arn = (resource: string, resourceName: string) => stack.formatArn({ service: 'ec2', resource, resourceName });
      this.role.addToPolicy(new iam.PolicyStatement({
        // Processing jobs in a VPC (SageMaker Developer Guide, "Give SageMaker AI Processing Jobs Access to Resources in Your Amazon VPC").
        actions: ['ec2:DescribeVpcs', 'ec2:DescribeDhcpOptions', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups', 'ec2:DescribeNetworkInterfaces'],
        resources: ['*'],
      }));
      this.role.addToPolicy(new iam.PolicyStatement({
        actions: ['ec2:CreateNetworkInterface'],
        resources: [ec2Arn('network-interface', '*'), ...network.subnets.map((s) => ec2Arn('subnet', s.subnetId)), ...network.securityGroups.map((g) => ec2Arn('security-group', g.securityGroupId))],
      }));
      this.role.addToPolicy(new iam.PolicyStatement({
        actions: ['ec2:CreateNetworkInterfacePermission', 'ec2:DeleteNetworkInterface', 'ec2:DeleteNetworkInterfacePermission'],
        resources: [ec2Arn('network-interface', '*')],
        conditions: { ArnEquals: { 'ec2:Vpc': network.vpc.vpcArn } },
      }));
    }
    const policy = Validations.of(this.role.node.findChild('DefaultPolicy'));
    const wildcards: [string, string][] = [
      [captured, 'SageMaker names captured files by variant and hour under the endpoint\'s capture prefix; the job reads that prefix only.'],
      [reports, 'The analyzer names its report files per execution; the job writes its reports prefix only.'],
      [processingLogs, 'Processing jobs log to streams named per job in /aws/sagemaker/ProcessingJobs, created at run time.'],
      ['*', 'cloudwatch:PutMetricData (bounded to the analyzer\'s namespace by a condition) and ec2:Describe* support no resource-level scoping.'],
      ...(network === undefined ? [] : [[Stack.of(this).formatArn({ service: 'ec2', resource: 'network-interface', resourceName: '*' }),
        'SageMaker creates the job\'s network interfaces; their ids are not known in advance. Deletion is bounded to the model\'s VPC.'] as [string, string]]),
    ];
    for (const [resource, reason] of wildcards) {
      policy.acknowledge({ id: `AwsSolutions::AwsSolutions-IAM5[Resource::${resource === '*' ? '*' : findingResource(this, resource)}]`, reason });
    }
    policy.acknowledge({ id: nist80053r5('IAMNoInlinePolicy'), reason: INLINE_ROLE_POLICY_REASON });
  }
}
