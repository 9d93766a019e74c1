import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import * as path from 'path';

const HANDLER_ENTRY = path.join(__dirname, '..', '..', 'lambda', 'predict', 'handler.ts');

/**
 * The function's timeout. Its own model-call deadline (20 s, see lambda/predict/config.ts) fits
 * inside, and it stays under API Gateway's 29 s integration timeout.
 */
export const PREDICT_FUNCTION_TIMEOUT = Duration.seconds(25);

/** What the function needs of a SageMaker endpoint: its name, and a grant to invoke it. */
export interface IInvocableEndpoint {
  readonly endpointName: string;
  grantInvoke(grantee: iam.IGrantable): iam.Grant;
}

export interface PredictFunctionProps {
  /** The endpoint the function invokes; it may invoke no other. */
  readonly endpoint: IInvocableEndpoint;
  /** Most records one request may hold. */
  readonly maxRecordsPerRequest: number;
  /** Probability from which a customer is at medium risk. */
  readonly mediumRiskThreshold: number;
  /** Probability from which a customer is at high risk. */
  readonly highRiskThreshold: number;
  /** Encrypts the function's log group. */
  readonly encryptionKey: kms.IKey;
  /** How long the function's logs are kept. */
  readonly logRetention: logs.RetentionDays;
}

/**
 * The Lambda proxy between API Gateway and the endpoint: validates, encodes, invokes, answers.
 * Bundled locally by esbuild (no Docker), arm64, with a role that may write its own log group and
 * invoke exactly one endpoint.
 */
export class PredictFunction extends Construct {
  public readonly function: nodejs.NodejsFunction;

  constructor(scope: Construct, id: string, props: PredictFunctionProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention,
      encryptionKey: props.encryptionKey,
    });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Churn prediction proxy: write its logs, invoke one SageMaker endpoint',
    });
    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: HANDLER_ENTRY,
      handler: 'handler',
      // Node.js 24 is the newest Lambda runtime and LTS until April 2028; 22 leaves support in 2027.
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: PREDICT_FUNCTION_TIMEOUT,
      role,
      logGroup,
      description: 'Validates customer records, scores them on the churn model endpoint',
      environment: {
        ENDPOINT_NAME: props.endpoint.endpointName,
        MAX_RECORDS: String(props.maxRecordsPerRequest),
        RISK_THRESHOLD_MEDIUM: String(props.mediumRiskThreshold),
        RISK_THRESHOLD_HIGH: String(props.highRiskThreshold),
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        target: 'node24',
        // Bundle the pinned SDK client instead of the runtime's copy, so what was tested is what runs.
        externalModules: [],
        forceDockerBundling: false,
      },
    });
    logGroup.grantWrite(role);
    props.endpoint.grantInvoke(role);
  }
}
