import * as sagemaker from '@aws-cdk/aws-sagemaker-alpha';
import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { CfnEndpoint } from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';
import * as path from 'path';
import { S3ObjectModelData } from './s3-object-model-data';
import { SageMakerExecutionRole } from './sagemaker-execution-role';
import { XgboostServingImage } from './xgboost-serving-image';

/** The archive model/train.py writes: one `xgboost-model` file, byte-reproducible. */
export const BUNDLED_MODEL_ARCHIVE = path.join(__dirname, '..', '..', 'model', 'model.tar.gz');

/** Burstable instances run out of CPU credits under steady load, and SageMaker cannot auto scale them. */
const BURSTABLE_INSTANCE_PREFIX = /^ml\.t\d/;

export interface ChurnModelEndpointProps {
  /**
   * The model archive (`model.tar.gz` holding one XGBoost model file) to serve.
   * @default - the bundled churn model, uploaded as a file asset
   */
  readonly modelData?: sagemaker.ModelData;

  /**
   * Instance type of the production variant. Burstable (ml.t*) types are rejected.
   * @default ml.c5.large
   */
  readonly instanceType?: sagemaker.InstanceType;

  /**
   * Instances at creation. With two or more, SageMaker spreads them over Availability Zones.
   * @default 2
   */
  readonly initialInstanceCount?: number;

  /**
   * Fewest instances auto scaling keeps.
   * @default - initialInstanceCount
   */
  readonly minInstanceCount?: number;

  /**
   * Most instances auto scaling adds.
   * @default - twice minInstanceCount
   */
  readonly maxInstanceCount?: number;

  /**
   * Requests per second one instance sustains at acceptable latency (measure it with a load test).
   * Scaling targets `maxRequestsPerSecondPerInstance × scalingSafetyFactor × 60` invocations per
   * instance per minute.
   * @default 100
   */
  readonly maxRequestsPerSecondPerInstance?: number;

  /**
   * Fraction of the per-instance capacity at which scaling adds instances, in (0, 1].
   * @default 0.5
   */
  readonly scalingSafetyFactor?: number;

  /**
   * KMS key that encrypts the storage volumes of the endpoint's instances.
   * @default - SageMaker's AWS-managed key
   */
  readonly volumeEncryptionKey?: kms.IKey;
}

/** The production variant's name; API callers and metrics refer to it. */
export const VARIANT_NAME = 'AllTraffic';

/**
 * A SageMaker real-time endpoint serving an XGBoost model on the built-in `sagemaker-xgboost:1.7-1`
 * image, with a least-privilege execution role and target-tracking auto scaling on invocations
 * per instance.
 */
export class ChurnModelEndpoint extends Construct {
  public readonly endpoint: sagemaker.Endpoint;
  public readonly variant: sagemaker.IEndpointInstanceProductionVariant;
  public readonly model: sagemaker.Model;
  public readonly executionRole: SageMakerExecutionRole;
  /** The L1 endpoint, for properties the alpha module does not model yet. */
  public readonly cfnEndpoint: CfnEndpoint;

  constructor(scope: Construct, id: string, props: ChurnModelEndpointProps = {}) {
    super(scope, id);
    const instanceType = props.instanceType ?? sagemaker.InstanceType.C5_LARGE;
    const initialInstanceCount = props.initialInstanceCount ?? 2;
    const minInstanceCount = props.minInstanceCount ?? initialInstanceCount;
    const maxInstanceCount = props.maxInstanceCount ?? minInstanceCount * 2;
    const maxRequestsPerSecond = props.maxRequestsPerSecondPerInstance ?? 100;
    const safetyFactor = props.scalingSafetyFactor ?? 0.5;
    validateEndpointProps({
      instanceType: instanceType.toString(), initialInstanceCount, minInstanceCount, maxInstanceCount,
      maxRequestsPerSecond, safetyFactor,
    });

    this.executionRole = new SageMakerExecutionRole(this, 'ExecutionRole');
    this.model = new sagemaker.Model(this, 'Model', {
      role: this.executionRole,
      containers: [{
        image: new XgboostServingImage(),
        modelData: props.modelData ?? S3ObjectModelData.fromAsset(BUNDLED_MODEL_ARCHIVE),
      }],
    });
    const endpointConfig = new sagemaker.EndpointConfig(this, 'EndpointConfig', {
      encryptionKey: props.volumeEncryptionKey,
      instanceProductionVariants: [{
        variantName: VARIANT_NAME,
        model: this.model,
        instanceType,
        initialInstanceCount,
      }],
    });
    this.endpoint = new sagemaker.Endpoint(this, 'Endpoint', { endpointConfig });
    this.variant = this.endpoint.findInstanceProductionVariant(VARIANT_NAME);
    this.cfnEndpoint = this.endpoint.node.findChild('Endpoint') as CfnEndpoint;

    const scaling = this.variant.autoScaleInstanceCount({ minCapacity: minInstanceCount, maxCapacity: maxInstanceCount });
    scaling.scaleOnInvocations('InvocationsPerInstance', {
      maxRequestsPerSecond,
      safetyFactor,
      scaleOutCooldown: Duration.minutes(1),
      scaleInCooldown: Duration.minutes(5),
    });
    // The target names the endpoint; registering it before the endpoint exists fails.
    scaling.node.addDependency(this.cfnEndpoint);
  }
}

interface ResolvedEndpointSettings {
  readonly instanceType: string;
  readonly initialInstanceCount: number;
  readonly minInstanceCount: number;
  readonly maxInstanceCount: number;
  readonly maxRequestsPerSecond: number;
  readonly safetyFactor: number;
}

/** Throws one error naming every invalid setting. */
function validateEndpointProps(settings: ResolvedEndpointSettings): void {
  const problems: string[] = [];
  const { instanceType, initialInstanceCount, minInstanceCount, maxInstanceCount } = settings;
  if (BURSTABLE_INSTANCE_PREFIX.test(instanceType)) {
    problems.push(`instanceType ${instanceType} is burstable; SageMaker cannot auto scale T-class instances`);
  }
  for (const [name, value] of Object.entries({ initialInstanceCount, minInstanceCount, maxInstanceCount })) {
    if (!Number.isInteger(value) || value < 1) problems.push(`${name} must be a whole number ≥ 1, got ${value}`);
  }
  if (minInstanceCount > initialInstanceCount) {
    problems.push(`minInstanceCount (${minInstanceCount}) must not exceed initialInstanceCount (${initialInstanceCount})`);
  }
  if (maxInstanceCount < initialInstanceCount) {
    problems.push(`maxInstanceCount (${maxInstanceCount}) must not be below initialInstanceCount (${initialInstanceCount})`);
  }
  if (!(settings.maxRequestsPerSecond > 0)) {
    problems.push(`maxRequestsPerSecondPerInstance must be > 0, got ${settings.maxRequestsPerSecond}`);
  }
  if (!(settings.safetyFactor > 0 && settings.safetyFactor <= 1)) {
    problems.push(`scalingSafetyFactor must be in (0, 1], got ${settings.safetyFactor}`);
  }
  if (problems.length > 0) throw new Error(`Invalid ChurnModelEndpoint props:\n- ${problems.join('\n- ')}`);
}
