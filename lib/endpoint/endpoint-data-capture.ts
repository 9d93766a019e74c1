import { Annotations, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CfnEndpointConfig } from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';
import { acknowledgeFindings, nist80053r5 } from '../private/nag-rules';
import { SageMakerExecutionRole } from './sagemaker-execution-role';

/** Where under the bucket SageMaker writes: `{prefix}/{endpoint}/{variant}/yyyy/mm/dd/hh/*.jsonl`. */
export const DATA_CAPTURE_PREFIX = 'data-capture';

/** Where in the access-log bucket the capture bucket's server access logs go. */
const ACCESS_LOG_PREFIX = 'data-capture-bucket/';

export interface DataCaptureOptions {
  /**
   * Percentage of requests captured, a whole number from 1 to 100.
   * @default 100
   */
  readonly samplingPercentage?: number;
  /** Encrypts the captured records (the bucket's default encryption and SageMaker's writes). */
  readonly encryptionKey: kms.IKey;
  /**
   * How long captured records (which hold customer data) are kept.
   * @default Duration.days(30)
   */
  readonly retention?: Duration;
  /**
   * The roles that may read captured records (e.g. a model-monitoring job's). The bucket policy
   * denies `s3:GetObject` and `s3:GetObjectVersion` to every other principal, administrators
   * included; the roles still need `s3:GetObject` and `kms:Decrypt` on the key in their own policies.
   * @default - none: nobody can read captured records until a role is named here
   */
  readonly readers?: readonly iam.IRole[];
  /**
   * Where the capture bucket's server access logs go.
   * @default - a new log bucket: SSE-S3 (which S3 log delivery requires), versioned, records kept
   *   90 days and a deleted or overwritten record another 90
   */
  readonly serverAccessLogsBucket?: s3.IBucket;
}

export interface EndpointDataCaptureProps extends DataCaptureOptions {
  /** The role SageMaker writes captured records as (the model's execution role). */
  readonly writer: SageMakerExecutionRole;
}

/**
 * Request and response capture of an endpoint, into a bucket that is KMS-encrypted, versioned,
 * TLS-only, closed to the public, readable by the named `readers` only and emptied by a lifecycle
 * rule. The execution role may write exactly the capture prefix and encrypt with the key; nothing else.
 */
export class EndpointDataCapture extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly samplingPercentage: number;
  private readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: EndpointDataCaptureProps) {
    super(scope, id);
    this.samplingPercentage = props.samplingPercentage ?? 100;
    this.encryptionKey = props.encryptionKey;
    const retention = props.retention ?? Duration.days(30);
    const accessLogs = props.serverAccessLogsBucket ?? this.createAccessLogBucket();

    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: true,
      versioned: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{
        id: 'ExpireCapturedRecords',
        expiration: retention,
        noncurrentVersionExpiration: Duration.days(1),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      }],
    });
    this.logAccessTo(accessLogs);
    props.writer.allowDataCaptureWrites(this.bucket, DATA_CAPTURE_PREFIX, props.encryptionKey);
    denyReadsExceptBy(this.bucket, props.readers ?? []);
    acknowledgeFindings(
      this.bucket,
      'Captured records are a sample of requests kept 30 days for model monitoring; the callers\' systems hold the originals. '
        + 'A replica would put a second copy of customer data in another region, for data whose loss costs a monitoring gap, '
        + 'not a record. Versioning keeps deleted or overwritten records until the lifecycle rule expires them.',
      nist80053r5('S3BucketReplicationEnabled'),
    );
  }

  /** The endpoint configuration's `DataCaptureConfig`. */
  public renderConfig(): CfnEndpointConfig.DataCaptureConfigProperty {
    return {
      enableCapture: true,
      initialSamplingPercentage: this.samplingPercentage,
      destinationS3Uri: this.bucket.s3UrlForObject(DATA_CAPTURE_PREFIX),
      kmsKeyId: this.encryptionKey.keyArn,
      captureOptions: [{ captureMode: 'Input' }, { captureMode: 'Output' }],
      // Store CSV requests and JSON answers as text rather than base64.
      captureContentTypeHeader: { csvContentTypes: ['text/csv'], jsonContentTypes: ['application/json'] },
    };
  }

  /**
   * Server access logging with a bucket policy for the logging service, whatever the app's
   * `@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy` flag says: without the flag, the Bucket
   * construct would grant the log-delivery ACL instead, which a bucket with ACLs disabled
   * (BucketOwnerEnforced) cannot take, and synth fails.
   */
  private logAccessTo(accessLogs: s3.IBucket): void {
    const cfnBucket = this.bucket.node.defaultChild as s3.CfnBucket;
    cfnBucket.loggingConfiguration = { destinationBucketName: accessLogs.bucketName, logFilePrefix: ACCESS_LOG_PREFIX };
    const { statementAdded } = accessLogs.addToResourcePolicy(new iam.PolicyStatement({
      effect: iam.Effect.ALLOW,
      principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [accessLogs.arnForObjects(`${ACCESS_LOG_PREFIX}*`)],
      conditions: {
        ArnLike: { 'aws:SourceArn': this.bucket.bucketArn },
        StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
      },
    }));
    if (!statementAdded) {
      Annotations.of(this).addWarningV2('churn-prediction:access-log-policy',
        'serverAccessLogsBucket is a bucket imported into this app: let logging.s3.amazonaws.com put objects under '
        + `${ACCESS_LOG_PREFIX} in its own bucket policy, or S3 drops the capture bucket's access logs.`);
    }
  }

  private createAccessLogBucket(): s3.Bucket {
    const logs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // The record of who read captured customer data: a deletion leaves the record as a noncurrent
      // version, kept as long again as the record itself.
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'ExpireAccessLogs', expiration: Duration.days(90), noncurrentVersionExpiration: Duration.days(90) }],
    });
    acknowledgeFindings(
      logs,
      'S3 server access log delivery supports SSE-S3 only on its destination bucket (S3 User Guide, "Enabling Amazon S3 server '
        + 'access logging": SSE-KMS default encryption is not supported for log destination buckets).',
      nist80053r5('S3DefaultEncryptionKMS'),
    );
    acknowledgeFindings(
      logs,
      'These logs record reads of one bucket in this region; versioning keeps a deleted record for 90 days. A replica needs a '
        + 'bucket in another region, which this one-region stack does not own: the account-wide audit trail (CloudTrail data '
        + 'events, delivered to a central log archive) is the operator\'s.',
      nist80053r5('S3BucketReplicationEnabled'),
    );
    return logs;
  }
}

/**
 * Denies reading captured objects to every principal but `readers` (by `aws:PrincipalArn`, which for
 * a role's sessions is the role's ARN). An explicit deny in the bucket policy overrides any allow of
 * an identity policy (IAM User Guide, "Policy evaluation logic"), administrators' included;
 * changing the bucket policy stays possible, and CloudTrail records it.
 */
function denyReadsExceptBy(bucket: s3.Bucket, readers: readonly iam.IRole[]): void {
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'OnlyNamedRolesReadCapturedRecords',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['s3:GetObject', 's3:GetObjectVersion'],
    resources: [bucket.arnForObjects('*')],
    conditions: readers.length === 0 ? undefined : { ArnNotEquals: { 'aws:PrincipalArn': readers.map((role) => role.roleArn) } },
  }));
}
