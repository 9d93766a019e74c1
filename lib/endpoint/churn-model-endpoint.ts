import * as sagemaker from '@aws-cdk/aws-sagemaker-alpha';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CfnEndpoint, CfnEndpointConfig } from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';
import type { ModelContract } from '../../contract/model-contract';
import { throwIfProblems } from '../invalid-props-error';
import { ModelPackage } from '../model/model-package';
import { addUncheckedArchiveWarnings, ServedModel, servedModels } from '../model/served-models';
import { IModelNetwork } from '../network/model-network';
import { acknowledgeFindings, nist80053r5 } from '../private/nag-rules';
import { DeploymentGuardrailsOptions, renderDeploymentConfig, resolveDeploymentGuardrails } from './deployment-guardrails';
import { DataCaptureOptions, EndpointDataCapture } from './endpoint-data-capture';
import { endpointSettingsProblems, PropPath, ResolvedVariant } from './endpoint-props-validation';
import { DEFAULT_VARIANT_NAME, ProductionVariantProps } from './production-variant';
import { endpointLogGroupName, stableEndpointName } from './endpoint-name';
import { EndpointRollbackAlarms, RollbackAlarmOptions } from './rollback-alarms';
import { SageMakerExecutionRole } from './sagemaker-execution-role';
import { VariantAutoScaling } from './variant-auto-scaling';
import { VariantCapacity } from './variant-capacity';
import { XgboostServingImage } from './xgboost-serving-image';


export interface ChurnModelEndpointProps {
  /**
   * Production variants, weighted A/B (up to 10, each with its own model and compute).
   * @default - one variant `AllTraffic` serving `modelData` on `capacity`
   */
  readonly variants?: ProductionVariantProps[];
  /**
   * The model package of the single default variant (use `variants` for more).
   * @default - the bundled churn model
   */
  readonly model?: ModelPackage;
  /**
   * Model archive of the single default variant, assumed to take the bundled model's contract.
   * @default - the bundled churn model
   * @deprecated Use `model`: a ModelPackage carries its input contract and is checked at synth.
   */
  readonly modelData?: sagemaker.ModelData;
  /**
   * Compute of the single default variant (use `variants` for more).
   * @default VariantCapacity.instances(): 2 × ml.c5.large, scaling to 4
   */
  readonly capacity?: VariantCapacity;
  /**
   * A variant that receives a copy of the production variant's requests (a weight-based sample)
   * and whose answers are logged by SageMaker but never returned. Needs exactly one production variant.
   * @default - no shadow variant
   */
  readonly shadowVariant?: ProductionVariantProps;
  /**
   * Production variants a request may ask for by name (InvokeEndpoint `TargetVariant`).
   * @default - every production variant
   */
  readonly targetableVariantNames?: string[];
  /**
   * KMS key of the instances' storage volumes (instance variants without local NVMe storage).
   * @default - SageMaker's AWS-managed key
   */
  readonly volumeEncryptionKey?: kms.IKey;
  /**
   * VPC subnets (in at least two Availability Zones) and security groups of the model.
   * Serverless variants cannot run in a VPC.
   * @default - SageMaker's managed network
   */
  readonly network?: IModelNetwork;
  /**
   * Whether the model container is cut off from every network; it needs none to score.
   * Serverless variants do not support it.
   * @default - true, unless the variant is serverless
   */
  readonly networkIsolation?: boolean;
  /**
   * Capture of requests and responses into a KMS-encrypted bucket. Serverless variants do not support it.
   * @default - no capture
   */
  readonly dataCapture?: DataCaptureOptions;
  /**
   * How updates roll out: blue/green traffic shifting, bake time, auto rollback.
   * @default - all at once, 5-minute bake, roll back on the rollback alarms
   */
  readonly deployment?: DeploymentGuardrailsOptions;
  /**
   * Thresholds of the per-variant rollback alarms (5XX error rate, p99 model latency).
   * @default - 1 % errors, 100 ms
   */
  readonly rollbackAlarms?: RollbackAlarmOptions;
  /**
   * Whether instance variants must keep at least two instances (SageMaker spreads them over
   * Availability Zones), at creation, at their minimum and in every schedule.
   * @default false
   */
  readonly requireMultiAz?: boolean;
  /**
   * Encrypts the endpoint's log group (`/aws/sagemaker/Endpoints/<name>`). Its policy must let
   * CloudWatch Logs use it.
   * @default - CloudWatch Logs' own encryption
   */
  readonly logEncryptionKey?: kms.IKey;
  /**
   * How long the endpoint's container logs are kept.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * A SageMaker real-time endpoint serving XGBoost models on the built-in `sagemaker-xgboost:1.7-1`
 * image: weighted production variants (instances that auto scale, or serverless), an optional
 * shadow variant, blue/green deployments with auto rollback on the endpoint's own alarms,
 * retained variant properties across updates, optional data capture and a VPC with network
 * isolation, and a least-privilege execution role.
 *
 * The endpoint configuration and endpoint are L1 resources: the alpha module models neither
 * serverless nor shadow variants, data capture, deployment guardrails or retained variant properties.
 */
export class ChurnModelEndpoint extends Construct {
  /** The endpoint's name, fixed at synth time (see `stableEndpointName`). */
  public readonly endpointName: string;
  /** The endpoint's ARN. */
  public readonly endpointArn: string;
  /** The name of the endpoint configuration this template deploys; a silent rollback leaves another one live. */
  public readonly endpointConfigName: string;
  public readonly cfnEndpoint: CfnEndpoint;
  public readonly cfnEndpointConfig: CfnEndpointConfig;
  /** The first production variant's model. */
  public readonly model: sagemaker.Model;
  /** Every variant's model, by variant name. */
  public readonly models: Record<string, sagemaker.Model> = {};
  /** The input contract every variant's model takes (the first production variant's package's). */
  public readonly contract: ModelContract;
  public readonly executionRole: SageMakerExecutionRole;
  /** Production variant names, in order. */
  public readonly variantNames: string[];
  /** The shadow variant's name, if any. */
  public readonly shadowVariantName?: string;
  /** Production variants as deployed: every default applied (capacity, weight), in order. */
  public readonly variants: readonly ResolvedVariant[];
  /** The shadow variant as deployed, if any. */
  public readonly shadowVariant?: ResolvedVariant;
  /** Variants requests may target by name: hand these to the function's allow-list. */
  public readonly targetableVariantNames: string[];
  /** Whether the endpoint is serverless (its one variant is). */
  public readonly serverless: boolean;
  /** The per-variant alarms SageMaker rolls deployments back on; monitoring reuses them. */
  public readonly rollbackAlarms: EndpointRollbackAlarms;
  /** Auto scaling of each instance variant (shadow included), by variant name. */
  public readonly autoScaling: Record<string, VariantAutoScaling> = {};
  /** Data capture, when enabled. */
  public readonly dataCapture?: EndpointDataCapture;
  /** The endpoint's log group, created by the stack before the endpoint. */
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ChurnModelEndpointProps = {}) {
    super(scope, id);
    const { declaredVariants, served, variants, shadowVariant, deployment, problems } = checkedEndpointProps(props);
    throwIfProblems('ChurnModelEndpoint props', problems);
    const serverless = variants.some((variant) => variant.capacity.kind === 'serverless');

    this.contract = served.contract;
    addUncheckedArchiveWarnings(this, served);
    this.serverless = serverless;
    this.variants = variants;
    this.shadowVariant = shadowVariant;
    this.variantNames = variants.map((variant) => variant.variantName);
    this.shadowVariantName = shadowVariant?.variantName;
    this.targetableVariantNames = props.targetableVariantNames ?? [...this.variantNames];
    this.executionRole = new SageMakerExecutionRole(this, 'ExecutionRole');
    if (props.network !== undefined) {
      this.executionRole.allowNetworkInterfaces(props.network.vpc, props.network.subnets, props.network.securityGroups);
    }

    const networkIsolation = props.networkIsolation ?? !serverless;
    const modelFor = (variant: ProductionVariantProps, servedModel: ServedModel, modelId: string) => {
      const model = new sagemaker.Model(this, modelId, {
        role: this.executionRole,
        containers: [{ image: new XgboostServingImage(), modelData: servedModel.modelData() }],
        networkIsolation,
        vpc: props.network?.vpc,
        vpcSubnets: props.network === undefined ? undefined : { subnets: props.network.subnets },
        securityGroups: props.network?.securityGroups,
      });
      this.models[variant.variantName] = model;
      return model;
    };
    const productionVariants = variants.map((variant, index) =>
      renderVariant(variant, modelFor(declaredVariants[index], served.production[index], index === 0 ? 'Model' : `Model${variant.variantName}`).modelName));
    this.model = this.models[variants[0].variantName];

    if (props.dataCapture !== undefined) {
      this.dataCapture = new EndpointDataCapture(this, 'DataCapture', { ...props.dataCapture, writer: this.executionRole });
    }
    this.cfnEndpointConfig = new CfnEndpointConfig(this, 'EndpointConfig', {
      productionVariants,
      shadowProductionVariants: props.shadowVariant === undefined || shadowVariant === undefined
        ? undefined
        : [renderVariant(shadowVariant, modelFor(props.shadowVariant, served.shadow as ServedModel, 'ShadowModel').modelName)],
      kmsKeyId: props.volumeEncryptionKey?.keyArn,
      dataCaptureConfig: this.dataCapture?.renderConfig(),
    });
    this.endpointConfigName = this.cfnEndpointConfig.attrEndpointConfigName;
    if (serverless && props.volumeEncryptionKey === undefined) {
      acknowledgeFindings(
        this.cfnEndpointConfig,
        'A serverless variant has no storage volume: KmsKeyId encrypts "the storage volume attached to the ML compute instance" '
          + '(SageMaker API Reference, CreateEndpointConfig), which serverless endpoints do not have (SageMaker Developer Guide, '
          + 'serverless endpoints, feature exclusions).',
        nist80053r5('SageMakerEndpointConfigurationKMSKeyConfigured'),
      );
    }

    // SageMaker cannot turn an instance-based endpoint into a serverless one, so the two kinds are
    // different resources: switching kind creates a new endpoint, and the old one goes after the switch.
    const endpointScope = new Construct(this, 'Endpoint');
    this.cfnEndpoint = new CfnEndpoint(endpointScope, serverless ? 'ServerlessEndpoint' : 'Endpoint', {
      endpointConfigName: this.endpointConfigName,
      // Keep the scaled-out instance counts when a new configuration rolls out, but take its
      // weights (SageMaker resets counts to InitialInstanceCount otherwise). DataCaptureConfig is
      // not listed: the VariantProperty reference marks it "(Not currently supported.)".
      retainAllVariantProperties: true,
      excludeRetainedVariantProperties: [{ variantPropertyType: 'DesiredWeight' }],
    });
    if (props.network !== undefined) this.cfnEndpoint.node.addDependency(props.network.ready);
    // A name known before the endpoint exists lets the stack create what SageMaker would otherwise
    // look up or create on its own (its log group, its rollback alarms) before the endpoint.
    this.endpointName = stableEndpointName(this.cfnEndpoint);
    this.cfnEndpoint.endpointName = this.endpointName;
    this.endpointArn = this.cfnEndpoint.ref;

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName: endpointLogGroupName(this.endpointName),
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      encryptionKey: props.logEncryptionKey,
      // The name is fixed by SageMaker's convention: a retained group would make the next deploy of
      // this stack after a deletion fail with "already exists".
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.executionRole.allowEndpointLogs(this.logGroup, endpointLogGroupName(this.endpointName));
    this.cfnEndpoint.node.addDependency(this.logGroup);

    this.rollbackAlarms = new EndpointRollbackAlarms(this, 'RollbackAlarms', {
      endpointName: this.endpointName,
      variantNames: this.variantNames,
      ...props.rollbackAlarms,
    });
    this.cfnEndpoint.deploymentConfig = renderDeploymentConfig(deployment, this.rollbackAlarms.alarmNames);
    if (deployment.autoRollback) {
      this.executionRole.allowDescribeAlarms(this.rollbackAlarms.alarmArns);
      // The DeploymentConfig names the alarms; creating them first leaves SageMaker nothing to look
      // up that does not exist yet, on the first deploy as on every update.
      this.cfnEndpoint.node.addDependency(...this.rollbackAlarms.alarms);
    }

    [...variants, ...(shadowVariant === undefined ? [] : [shadowVariant])].forEach((variant, index) => {
      if (variant.capacity.kind !== 'instances' || !variant.capacity.autoScalingEnabled) return;
      // The first variant keeps the construct path of the single-variant layout (stable logical ids).
      this.autoScaling[variant.variantName] = new VariantAutoScaling(endpointScope, index === 0 ? 'InstanceCount' : `InstanceCount${variant.variantName}`, {
        endpointName: this.endpointName,
        variantName: variant.variantName,
        capacity: variant.capacity,
        endpoint: this.cfnEndpoint,
      });
    });
  }

  /** Lets a principal invoke this endpoint, and no other. */
  public grantInvoke(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: ['sagemaker:InvokeEndpoint'], resourceArns: [this.endpointArn] });
  }
}

/**
 * The endpoint's props resolved, and every problem with them, each starting with the path `at`
 * gives its prop. `networkPlanned` checks the props as if a network will be given (the service
 * validates before it builds one).
 */
export function checkedEndpointProps(
  props: Omit<ChurnModelEndpointProps, 'dataCapture'> & { readonly dataCapture?: Omit<DataCaptureOptions, 'encryptionKey'> },
  at: PropPath = (prop) => prop,
  networkPlanned = false,
) {
  const declaredVariants: ProductionVariantProps[] = props.variants
    ?? [{ variantName: DEFAULT_VARIANT_NAME, model: props.model, modelData: props.modelData, capacity: props.capacity }];
  const served = servedModels(props, at);
  const variants = declaredVariants.map((variant, index) => resolveVariant(variant, props.variants === undefined ? '' : `variants[${index}]`));
  const shadowVariant = props.shadowVariant === undefined ? undefined : resolveVariant(props.shadowVariant, 'shadowVariant');
  const deployment = resolveDeploymentGuardrails(props.deployment);
  const problems = [...endpointSettingsProblems({
    variantsAndShorthandBothGiven: props.variants !== undefined
      && (props.model !== undefined || props.modelData !== undefined || props.capacity !== undefined),
    variants,
    shadowVariant,
    targetableVariantNames: props.targetableVariantNames ?? [],
    volumeEncryption: props.volumeEncryptionKey !== undefined,
    network: props.network !== undefined
      ? { subnetAvailabilityZones: props.network.subnets.map((subnet) => subnet.availabilityZone) }
      : (networkPlanned ? {} : undefined),
    networkIsolation: props.networkIsolation,
    dataCapture: props.dataCapture === undefined ? undefined : {
      samplingPercentage: props.dataCapture.samplingPercentage ?? 100,
      retention: props.dataCapture.retention ?? Duration.days(30),
    },
    deployment,
    maxErrorRatePercent: props.rollbackAlarms?.maxErrorRatePercent ?? 1,
    modelLatencyP99Threshold: props.rollbackAlarms?.modelLatencyP99Threshold ?? Duration.millis(100),
    requireMultiAz: props.requireMultiAz ?? false,
  }, at), ...served.problems];
  return { declaredVariants, served, variants, shadowVariant, deployment, problems };
}

function resolveVariant(variant: ProductionVariantProps, path: string): ResolvedVariant {
  return {
    path,
    variantName: variant.variantName,
    initialWeight: variant.initialWeight ?? 1,
    capacity: (variant.capacity ?? VariantCapacity.instances()).resolve(),
  };
}

function renderVariant(variant: ResolvedVariant, modelName: string): CfnEndpointConfig.ProductionVariantProperty {
  const base = { variantName: variant.variantName, modelName, initialVariantWeight: variant.initialWeight };
  const capacity = variant.capacity;
  if (capacity.kind === 'serverless') {
    return {
      ...base,
      serverlessConfig: {
        memorySizeInMb: capacity.memorySizeInMB,
        maxConcurrency: capacity.maxConcurrency,
        provisionedConcurrency: capacity.provisionedConcurrency,
      },
    };
  }
  return { ...base, instanceType: capacity.instanceType, initialInstanceCount: capacity.initialInstanceCount };
}
