import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ModelContract } from '../../contract/model-contract';
import { acknowledgeFindings, awsSolutions, INLINE_ROLE_POLICY_REASON, nist80053r5 } from '../private/nag-rules';
import {
  ACTION_PATTERN, DEFAULT_MAX_RECORDS, DEFAULT_RECOMMENDED_ACTIONS, DEFAULT_RISK_THRESHOLDS, MAX_RECORDS_CEILING, RecommendedActions,
  RISK_LEVELS, VARIANT_NAME_PATTERN,
} from '../../contract/prediction-contract';
import { throwIfProblems } from '../invalid-props-error';
import { ModelPackage } from '../model/model-package';
import { ModelContractLayer } from './model-contract-layer';
import { MODEL_VERSION_PATTERN } from '../model/model-identity';
import { predictHandlerCode } from './predict-handler-code';

/**
 * The function's timeout. Its own model-call deadline (20 s, see lambda/predict/config.ts) fits
 * inside, and it stays under API Gateway's 29 s integration timeout.
 */
export const PREDICT_FUNCTION_TIMEOUT = Duration.seconds(25);

export type { RecommendedActions } from '../../contract/prediction-contract';

/** What the function needs of a SageMaker endpoint: its name, and a grant to invoke it. */
export interface IInvocableEndpoint {
  readonly endpointName: string;
  grantInvoke(grantee: iam.IGrantable): iam.Grant;
}

/** What a user chooses about the answers and the function: the `predictions` group of the service's props. */
export interface PredictionOptions {
  /**
   * Most records one request may hold, 1 to 1000 (enforced by the API's request model and the function).
   * @default 100
   */
  readonly maxRecordsPerRequest?: number;
  /**
   * Churn probability from which a customer is at medium risk.
   * @default 0.3
   */
  readonly mediumRiskThreshold?: number;
  /**
   * Churn probability from which a customer is at high risk.
   * @default 0.7
   */
  readonly highRiskThreshold?: number;
  /**
   * The action recommended for each risk band (lower-case words joined by hyphens).
   * @default { low: 'none', medium: 'engagement-offer', high: 'retention-offer' }
   */
  readonly recommendedActions?: RecommendedActions;
  /**
   * Concurrent executions reserved for (and capping) the function. Reserving takes capacity from
   * the account's pool, which must keep 10 unreserved: an account whose concurrency quota is still
   * the new-account 10 cannot deploy any reservation, so the default reserves nothing.
   * @default - no reservation: the function shares the account's unreserved concurrency
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * The version every answer reports. Needed when the production variants serve packages of
   * different versions.
   * @default - the model package's version (for a package directory, `sha256-` and 16 hex digits of its archive's SHA-256)
   */
  readonly modelVersion?: string;
}

export interface PredictFunctionProps extends PredictionOptions {
  /** The endpoint the function invokes; it may invoke no other. */
  readonly endpoint: IInvocableEndpoint;
  /** The model version every answer reports (e.g. a ModelPackage's `version`). */
  readonly modelVersion: string;
  /**
   * The served model package's input contract: the records the function accepts and how it encodes
   * them. It reaches the function in a Lambda layer at deploy time; the code bundle is the same for
   * every contract.
   * @default - the bundled churn model's contract
   */
  readonly contract?: ModelContract;
  /**
   * Production variants a caller may target with `targetVariant` (passed on as InvokeEndpoint's
   * `TargetVariant`).
   * @default - no variant targeting: a request with `targetVariant` is refused with 400
   */
  readonly allowedVariantNames?: readonly string[];
  /** Encrypts the function's log group. */
  readonly encryptionKey: kms.IKey;
  /** How long the function's logs are kept. */
  readonly logRetention: logs.RetentionDays;
  /**
   * Browser origins the function answers with CORS headers (the API adds the preflight).
   * @default - CORS off
   */
  readonly corsAllowOrigins?: readonly string[];
}

/** The problems with the prediction options (empty when valid), each starting with its prop path. */
export function predictionOptionsProblems(props: PredictionOptions): string[] {
  const problems: string[] = [];
  const maxRecords = props.maxRecordsPerRequest ?? DEFAULT_MAX_RECORDS;
  if (!Number.isInteger(maxRecords) || maxRecords < 1 || maxRecords > MAX_RECORDS_CEILING) {
    problems.push(`maxRecordsPerRequest must be a whole number from 1 to ${MAX_RECORDS_CEILING}, got ${maxRecords}`);
  }
  const medium = props.mediumRiskThreshold ?? DEFAULT_RISK_THRESHOLDS.medium;
  const high = props.highRiskThreshold ?? DEFAULT_RISK_THRESHOLDS.high;
  if (!(medium > 0 && medium < high && high <= 1)) {
    problems.push(`mediumRiskThreshold (${medium}) and highRiskThreshold (${high}) must satisfy 0 < mediumRiskThreshold < highRiskThreshold ≤ 1`);
  }
  const actions = props.recommendedActions ?? DEFAULT_RECOMMENDED_ACTIONS;
  for (const level of RISK_LEVELS) {
    if (!ACTION_PATTERN.test(actions[level])) {
      problems.push(`recommendedActions.${level} must be lower-case words joined by hyphens, got "${actions[level]}"`);
    }
  }
  if (props.modelVersion !== undefined && !MODEL_VERSION_PATTERN.test(props.modelVersion)) {
    problems.push(`modelVersion must be 1 to 128 letters, digits and ._:+- (starting with a letter or digit), got "${props.modelVersion}"`);
  }
  const reserved = props.reservedConcurrentExecutions;
  if (reserved !== undefined && (!Number.isInteger(reserved) || reserved < 1)) {
    problems.push(`reservedConcurrentExecutions must be a whole number ≥ 1, got ${reserved}`);
  }
  return problems;
}

function predictFunctionProblems(props: PredictFunctionProps): string[] {
  const problems = predictionOptionsProblems(props);
  for (const variant of props.allowedVariantNames ?? []) {
    if (!VARIANT_NAME_PATTERN.test(variant)) problems.push(`allowedVariantNames holds "${variant}", which is not a production variant name`);
  }
  return problems;
}

/**
 * The Lambda proxy between API Gateway and the endpoint: validates against the contract, encodes,
 * invokes, answers. Bundled locally by esbuild (no Docker; once per process, cached, see
 * predict-handler-code.ts), arm64, X-Ray active, with a role that may write its own log group and
 * traces, and invoke exactly one endpoint.
 */
export class PredictFunction extends Construct {
  public readonly function: lambda.Function;
  /** The layer that carries the model's input contract to the function. */
  public readonly contractLayer: ModelContractLayer;

  constructor(scope: Construct, id: string, props: PredictFunctionProps) {
    super(scope, id);
    throwIfProblems('PredictFunction props', predictFunctionProblems(props));
    const actions = props.recommendedActions ?? DEFAULT_RECOMMENDED_ACTIONS;
    const variants = props.allowedVariantNames ?? [];
    const origins = props.corsAllowOrigins ?? [];

    const logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention,
      encryptionKey: props.encryptionKey,
    });
    this.contractLayer = new ModelContractLayer(this, 'ModelContract', { contract: props.contract ?? ModelPackage.bundled().contract });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Churn prediction proxy: write its logs and traces, invoke one SageMaker endpoint',
    });
    this.function = new lambda.Function(this, 'Function', {
      code: predictHandlerCode(),
      handler: 'index.handler',
      // Node.js 24 is the newest Lambda runtime and LTS until April 2028; 22 leaves support in 2027.
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: PREDICT_FUNCTION_TIMEOUT,
      role,
      logGroup,
      tracing: lambda.Tracing.ACTIVE,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      layers: [this.contractLayer.layerVersion],
      description: 'Validates customer records, scores them on the churn model endpoint',
      environment: {
        ENDPOINT_NAME: props.endpoint.endpointName,
        MAX_RECORDS: String(props.maxRecordsPerRequest ?? DEFAULT_MAX_RECORDS),
        RISK_THRESHOLD_MEDIUM: String(props.mediumRiskThreshold ?? DEFAULT_RISK_THRESHOLDS.medium),
        RISK_THRESHOLD_HIGH: String(props.highRiskThreshold ?? DEFAULT_RISK_THRESHOLDS.high),
        RECOMMENDED_ACTION_LOW: actions.low,
        RECOMMENDED_ACTION_MEDIUM: actions.medium,
        RECOMMENDED_ACTION_HIGH: actions.high,
        MODEL_VERSION: props.modelVersion,
        MODEL_CONTRACT_FILE: ModelContractLayer.CONTRACT_FILE,
        ...(variants.length > 0 ? { ALLOWED_VARIANTS: variants.join(',') } : {}),
        ...(origins.length > 0 ? { CORS_ALLOWED_ORIGINS: origins.join(',') } : {}),
        POWERTOOLS_LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
      },
    });
    logGroup.grantWrite(role);
    props.endpoint.grantInvoke(role);
    const policy = role.node.findChild('DefaultPolicy');
    acknowledgeFindings(policy, 'X-Ray PutTraceSegments and PutTelemetryRecords support no resource-level scoping.', awsSolutions('IAM5', 'Resource::*'));
    acknowledgeFindings(policy, INLINE_ROLE_POLICY_REASON, nist80053r5('IAMNoInlinePolicy'));
    const fn = this.function.node.defaultChild as lambda.CfnFunction;
    acknowledgeFindings(
      fn,
      'API Gateway invokes the function synchronously and receives its error as the answer; a dead-letter queue only ever '
        + 'receives failed asynchronous invocations (Lambda Developer Guide, "Capturing records of asynchronous invocations"). '
        + 'Failures are counted by the FunctionErrorRate alarm.',
      nist80053r5('LambdaDLQ'),
    );
    acknowledgeFindings(
      fn,
      'The function reaches nothing in a VPC: it calls the SageMaker Runtime API over TLS with SigV4, and its role may invoke '
        + 'one endpoint only. Nothing can connect to it; it is invoked through the Lambda API. A VPC would add interface '
        + 'endpoints (SageMaker Runtime, CloudWatch Logs, X-Ray) or a NAT without narrowing what it can reach.',
      nist80053r5('LambdaInsideVPC'),
    );
    if (props.reservedConcurrentExecutions === undefined) {
      acknowledgeFindings(
        fn,
        'No reservation by choice (reservedConcurrentExecutions): Lambda keeps 100 executions of the account unreserved, so '
          + 'a reservation fails to deploy in new accounts (quota 10 or 50). The API stage throttle bounds the request rate '
          + 'and the FunctionThrottleRate alarm fires when the shared pool runs dry; set a reservation where the account quota '
          + 'allows (Prod does).',
        nist80053r5('LambdaConcurrency'),
      );
    }
  }
}
