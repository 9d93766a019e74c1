import * as sagemaker from '@aws-cdk/aws-sagemaker-alpha';
import { Token } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { ModelContract } from '../../contract/model-contract';
import { S3ObjectModelData } from '../endpoint/s3-object-model-data';
import { readContractFile } from './contract-file';
import { BUNDLED_MODEL_PACKAGE_DIRECTORY, ModelPackageDirectory, readModelPackageDirectory } from './model-package-directory';
import { PackageMonitoringFiles, readPackageMonitoringFiles } from './monitoring-baseline';

export interface ModelPackageDirectoryOptions {
  /**
   * The version every answer reports.
   * @default - `sha256-` and the first 16 hex digits of the SHA-256 of the package's model.tar.gz
   */
  readonly version?: string;
}

export interface ModelPackageBucketOptions {
  /** The package's `contract.json`, on this machine: the input contract of the archive in S3. */
  readonly contractFile: string;
  /** The version every answer reports, e.g. the release named in the object key. */
  readonly version: string;
}

/**
 * A model to serve, with the input contract that travels with it: `model.tar.gz` (one xgboost
 * JSON model, `xgboost-model`), `contract.json` (the API record's fields, and the model's features
 * in order), `golden.json` and `metrics.json` (model/README.md, "Model packages").
 *
 * The service follows the package's contract everywhere: the API's request model and OpenAPI
 * document, the function's validation and CSV encoding (the contract reaches it at deploy time, in a
 * Lambda layer), `npm start -- --model` and `npm run verify`. A package whose archive does not match
 * its contract is refused at synth, with every problem named.
 */
export abstract class ModelPackage {
  /**
   * A package directory on this machine (`npm run train` writes one); its archive is uploaded as a
   * CDK asset. Read and checked now: the archive must hold exactly one file, `xgboost-model`, an
   * xgboost JSON model with objective binary:logistic, the contract's features by name and in order
   * and no early-stopping limit, and it must score every golden record as recorded.
   */
  public static fromDirectory(directory: string, options: ModelPackageDirectoryOptions = {}): ModelPackage {
    return new DirectoryModelPackage(directory, readModelPackageDirectory(directory), options.version);
  }

  /**
   * An archive already in S3, with its contract given beside it. The archive cannot be checked at
   * synth: after deploying, `npm run verify -- --model <package directory>` scores the golden records
   * through the API. The model's role may read exactly that object.
   */
  public static fromBucket(bucket: s3.IBucket, objectKey: string, options: ModelPackageBucketOptions): ModelPackage {
    return new BucketModelPackage(bucket, objectKey, options);
  }

  /** The bundled churn model (model/bundled): 18 telecom account and usage fields. The default. */
  public static bundled(): ModelPackage {
    // Shipped with the library and never changed at run time: read and checked once per process,
    // monitoring baseline included (a service asks for it several times while it is built).
    bundledPackage ??= new DirectoryModelPackage('the bundled churn model (model/bundled)', readModelPackageDirectory(BUNDLED_MODEL_PACKAGE_DIRECTORY));
    return bundledPackage;
  }

  /** The input contract: what the API accepts, and how it becomes the model's CSV row. */
  public abstract readonly contract: ModelContract;
  /** The version every answer reports. */
  public abstract readonly version: string;
  /** Where the package comes from, as problems name it: its directory, or its S3 object. */
  public abstract readonly source: string;
  /** Whether the archive was checked against the contract at synth (a local archive), or can only be after deploy (S3). */
  public abstract readonly archiveCheckedAtSynth: boolean;
  /** What keeps the package from being served; empty when it can be. */
  public abstract readonly problems: readonly string[];
  /**
   * The package's Model Monitor baseline and held-out answer distribution, where it has them
   * (a package directory; an S3 archive has none). Production monitoring turns on what is there.
   */
  public abstract readonly monitoring: PackageMonitoringFiles;

  /** The archive as model data for one SageMaker model (read access to exactly that object). */
  public abstract modelData(): sagemaker.ModelData;
}

let bundledPackage: ModelPackage | undefined;

class DirectoryModelPackage extends ModelPackage {
  public readonly contract: ModelContract;
  public readonly version: string;
  public readonly archiveCheckedAtSynth = true;
  public readonly problems: readonly string[];
  public readonly monitoring: PackageMonitoringFiles;

  constructor(public readonly source: string, private readonly read: ModelPackageDirectory, version?: string) {
    super();
    this.contract = read.contract;
    this.version = version ?? read.version ?? 'unreadable';
    this.monitoring = readPackageMonitoringFiles(read.directory, read.contract.features.map((feature) => feature.name));
    // A package whose contract or archive is broken is reported as that; its baseline waits.
    this.problems = read.problems.length > 0 ? read.problems : this.monitoring.problems;
  }

  public modelData(): sagemaker.ModelData {
    return S3ObjectModelData.fromAsset(this.read.archivePath);
  }
}

class BucketModelPackage extends ModelPackage {
  public readonly contract: ModelContract;
  public readonly version: string;
  public readonly source: string;
  public readonly archiveCheckedAtSynth = false;
  public readonly problems: readonly string[];
  public readonly monitoring: PackageMonitoringFiles = { problems: [] };

  constructor(private readonly bucket: s3.IBucket, private readonly objectKey: string, options: ModelPackageBucketOptions) {
    super();
    const reading = readContractFile(options.contractFile, options.contractFile);
    this.contract = reading.contract;
    this.version = options.version;
    this.source = `s3://${Token.isUnresolved(bucket.bucketName) ? '<bucket>' : bucket.bucketName}/${objectKey}`;
    this.problems = [
      ...reading.problems,
      ...(objectKey.endsWith('.tar.gz') ? [] : [`the object key must name a .tar.gz archive, got ${objectKey}`]),
    ];
  }

  public modelData(): sagemaker.ModelData {
    return S3ObjectModelData.fromBucket(this.bucket, this.objectKey);
  }
}
