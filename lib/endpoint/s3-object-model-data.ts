import * as sagemaker from '@aws-cdk/aws-sagemaker-alpha';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';

/**
 * Model artifacts (`model.tar.gz`) in S3, readable by the model's role at exactly one object.
 *
 * The alpha module's `ModelData.fromBucket` grants read on the whole bucket and `fromAsset` on
 * the whole asset bucket; SageMaker needs only `s3:GetObject` on the archive.
 */
export abstract class S3ObjectModelData extends sagemaker.ModelData {
  /** A local `.tar.gz` archive, uploaded as a CDK file asset at deploy time. */
  public static override fromAsset(path: string): S3ObjectModelData {
    if (!path.endsWith('.tar.gz')) throw new Error(`Model data must be a .tar.gz archive, got ${path}`);
    return new AssetObjectModelData(path);
  }

  /** An archive already in S3. If the bucket has a KMS key, decrypt is granted on it too. */
  public static override fromBucket(bucket: s3.IBucket, objectKey: string): S3ObjectModelData {
    if (!objectKey.endsWith('.tar.gz')) throw new Error(`Model data must be a .tar.gz archive, got ${objectKey}`);
    return new BucketObjectModelData(bucket, objectKey);
  }
}

function grantObjectRead(model: sagemaker.IModel, objectArn: string): void {
  iam.Grant.addToPrincipal({ grantee: model, actions: ['s3:GetObject'], resourceArns: [objectArn] });
}

class AssetObjectModelData extends S3ObjectModelData {
  private asset?: s3assets.Asset;

  constructor(private readonly path: string) {
    super();
  }

  public bind(scope: Construct, model: sagemaker.IModel): sagemaker.ModelDataConfig {
    this.asset ??= new s3assets.Asset(scope, 'ModelArtifact', { path: this.path });
    grantObjectRead(model, this.asset.bucket.arnForObjects(this.asset.s3ObjectKey));
    return { uri: this.asset.s3ObjectUrl };
  }
}

class BucketObjectModelData extends S3ObjectModelData {
  constructor(private readonly bucket: s3.IBucket, private readonly objectKey: string) {
    super();
  }

  public bind(_scope: Construct, model: sagemaker.IModel): sagemaker.ModelDataConfig {
    grantObjectRead(model, this.bucket.arnForObjects(this.objectKey));
    this.bucket.encryptionKey?.grantDecrypt(model);
    return { uri: this.bucket.s3UrlForObject(this.objectKey) };
  }
}
