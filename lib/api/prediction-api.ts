import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ModelContract } from '../../contract/model-contract';
import { openApiDocument } from '../../contract/openapi-document';
import {
  DEFAULT_MAX_RECORDS, ERROR_RESPONSE_SCHEMA, PREDICTION_RESPONSE_SCHEMA, PREDICTIONS_PATH, predictionRequestSchema,
} from '../../contract/prediction-contract';
import { ModelPackage } from '../model/model-package';
import { throwIfProblems } from '../invalid-props-error';
import { findingResource } from '../private/finding-resource';
import { acknowledgeFindings, awsSolutions, nist80053r5 } from '../private/nag-rules';
import { toApiGatewayJsonSchema } from './api-gateway-json-schema';
import { addErrorGatewayResponses } from './error-gateway-responses';
import { ApiAuthorization, usagePlanProblems } from './api-authorization';
import { ApiWebAcl } from './api-web-acl';

/** The stage's throttle: what the whole API accepts, before any usage plan. */
export interface ApiThrottleOptions {
  /**
   * Steady-state requests per second the stage accepts.
   * @default 50
   */
  readonly rateLimit?: number;
  /**
   * Burst of requests the stage accepts above the rate (a whole number ≥ `rateLimit`).
   * @default 100
   */
  readonly burstLimit?: number;
}

/** What a user chooses about the API: the `api` group of the service's props. */
export interface PredictionApiOptions {
  /**
   * How callers authenticate.
   * @default ApiAuthorization.iam()
   */
  readonly authorization?: ApiAuthorization;
  /**
   * The stage's throttle.
   * @default - 50 requests per second, bursts of 100
   */
  readonly throttle?: ApiThrottleOptions;
  /**
   * Attach a WAF web ACL (see ApiWebAcl): AWS's IP reputation list, a rate-based rule that blocks
   * (429) a client address above this many requests per 5 minutes (10 to 2,000,000,000), AWS's
   * known-bad-inputs and core rule groups, and a log of blocked requests with credential headers redacted.
   * @default - no web ACL
   */
  readonly webAclRequestsPerFiveMinutesPerIp?: number;
  /**
   * Browser origins allowed to call the API (`https://…`, or `*` alone); adds an OPTIONS preflight.
   * @default - CORS off
   */
  readonly corsAllowOrigins?: readonly string[];
  /**
   * The REST API's name, which names its CloudWatch metrics (dimension `ApiName`): keep it unique
   * per account and region, or two APIs' metrics and alarms merge.
   * @default - `{stackName}-predictions`, e.g. `ChurnPrediction-Prod-predictions`
   */
  readonly restApiName?: string;
  /**
   * Whether this API sets API Gateway's account-level CloudWatch Logs role (`AWS::ApiGateway::Account`),
   * which access logging needs in every account and region: without it the stage fails with
   * "CloudWatch Logs role ARN must be set in account settings to enable logging". The role and the
   * setting are kept when the stack is deleted, so other APIs that rely on them keep logging. Set
   * false where another stack or an administrator owns the setting.
   * @default true
   */
  readonly ownsApiGatewayAccountRole?: boolean;
}

export interface PredictionApiProps extends PredictionApiOptions {
  /** The function that answers `POST /v1/predictions`. */
  readonly handler: lambda.IFunction;
  /**
   * The served model package's input contract: the request model requires exactly its fields.
   * Keep it equal to the function's.
   * @default - the bundled churn model's contract
   */
  readonly contract?: ModelContract;
  /** Encrypts the access log group (and the web ACL's log group). */
  readonly encryptionKey: kms.IKey;
  /** How long access logs (and the web ACL's records of blocked requests) are kept. */
  readonly logRetention: logs.RetentionDays;
  /**
   * Most records one request may hold; the request model refuses larger batches. Keep it equal to
   * the function's.
   * @default 100
   */
  readonly maxRecordsPerRequest?: number;
  /**
   * Production variants a caller may target with `targetVariant`; keep equal to the function's.
   * @default - no variant targeting
   */
  readonly allowedVariantNames?: readonly string[];
}

/** The stage every deployment serves; the contract's version is in the path (`/v1/predictions`). */
export const API_STAGE_NAME = 'live';

/** The stage throttle's defaults. */
const DEFAULT_THROTTLE = { rateLimit: 50, burstLimit: 100 } as const;

/** The problems with the API's options (empty when valid), each starting with its prop path. */
export function predictionApiProblems(props: PredictionApiOptions): string[] {
  const problems: string[] = [];
  const rate = props.throttle?.rateLimit ?? DEFAULT_THROTTLE.rateLimit;
  const burst = props.throttle?.burstLimit ?? DEFAULT_THROTTLE.burstLimit;
  if (!(rate > 0)) problems.push(`throttle.rateLimit must be > 0, got ${rate}`);
  if (!(Number.isInteger(burst) && burst >= rate)) problems.push(`throttle.burstLimit must be a whole number ≥ throttle.rateLimit (${rate}), got ${burst}`);
  if (props.restApiName !== undefined && props.restApiName.trim() === '') problems.push('restApiName must not be blank when given');
  const usagePlan = props.authorization?.usagePlan;
  if (usagePlan !== undefined) problems.push(...usagePlanProblems(usagePlan, rate));
  const wafLimit = props.webAclRequestsPerFiveMinutesPerIp;
  if (wafLimit !== undefined && (!Number.isInteger(wafLimit) || wafLimit < 10 || wafLimit > 2_000_000_000)) {
    problems.push(`webAclRequestsPerFiveMinutesPerIp must be a whole number from 10 to 2000000000, got ${wafLimit}`);
  }
  const origins = props.corsAllowOrigins ?? [];
  if (props.corsAllowOrigins !== undefined && origins.length === 0) problems.push('corsAllowOrigins must hold at least one origin when given');
  if (origins.includes('*') && origins.length > 1) problems.push('corsAllowOrigins may hold "*" only on its own');
  for (const origin of origins) {
    if (origin !== '*' && !/^https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(origin)) {
      problems.push(`corsAllowOrigins holds "${origin}", which is not an https origin (scheme, host, optional port)`);
    }
  }
  return problems;
}

/**
 * The REST API a customer backend calls: `POST /v1/predictions` with IAM (SigV4) auth by default,
 * the contract's request model checked by API Gateway before the function runs, every API Gateway
 * error in the function's error envelope, stage throttling and JSON access logs in a KMS-encrypted
 * log group; optionally API keys with a usage plan, a web ACL and CORS.
 *
 * The stage does not trace with X-Ray: API Gateway's trace segment records the caller's address and
 * user agent (kept 30 days by X-Ray, readable with X-Ray read access, not redactable), which the
 * access logs leave out on purpose. The function's own traces (Lambda active tracing) still time the
 * function and its model call, and API Gateway's latency is in its CloudWatch metrics.
 */
export class PredictionApi extends Construct {
  public readonly restApi: apigateway.RestApi;
  public readonly accessLogGroup: logs.LogGroup;
  public readonly predictMethod: apigateway.Method;
  public readonly requestModel: apigateway.Model;
  /** The usage plan, when API keys are on. */
  public readonly usagePlan?: apigateway.UsagePlan;
  /** The API key created with the usage plan, when API keys are on. */
  public readonly apiKey?: apigateway.IApiKey;
  /** The web ACL, when configured. */
  public readonly webAcl?: ApiWebAcl;
  /** The input contract whose fields the request model requires. */
  public readonly contract: ModelContract;
  private readonly requestLimits: { readonly maxRecords: number; readonly allowedVariants: readonly string[] };

  constructor(scope: Construct, id: string, props: PredictionApiProps) {
    super(scope, id);
    throwIfProblems('PredictionApi props', predictionApiProblems(props));
    const authorization = props.authorization ?? ApiAuthorization.iam();
    const iamAuthorization = authorization.iam;
    const usagePlan = authorization.usagePlan;
    this.contract = props.contract ?? ModelPackage.bundled().contract;
    this.requestLimits = { maxRecords: props.maxRecordsPerRequest ?? DEFAULT_MAX_RECORDS, allowedVariants: props.allowedVariantNames ?? [] };

    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      encryptionKey: props.encryptionKey,
    });
    this.restApi = new apigateway.RestApi(this, 'RestApi', {
      // API Gateway's metrics are keyed by API name (dimension ApiName), not id: two stages' APIs
      // with one name in an account and region would merge their metrics and alarms. Names need not
      // be unique in API Gateway, and renaming updates the API in place.
      restApiName: props.restApiName ?? `${Stack.of(this).stackName}-predictions`,
      description: 'Real-time customer churn predictions',
      endpointConfiguration: { types: [apigateway.EndpointType.REGIONAL] },
      // Access logging needs the account-level role (API Gateway Developer Guide, "Set up CloudWatch
      // logging for REST APIs in API Gateway": permissions for access logging). The stage depends on
      // the AWS::ApiGateway::Account resource, so the role is set before the stage asks for it.
      // Retained on deletion: the setting is account-wide, and other APIs may rely on it.
      cloudWatchRole: props.ownsApiGatewayAccountRole ?? true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: API_STAGE_NAME,
        throttlingRateLimit: props.throttle?.rateLimit ?? DEFAULT_THROTTLE.rateLimit,
        throttlingBurstLimit: props.throttle?.burstLimit ?? DEFAULT_THROTTLE.burstLimit,
        metricsEnabled: true,
        tracingEnabled: false,
        accessLogDestination: new apigateway.LogGroupLogDestination(this.accessLogGroup),
        accessLogFormat: accessLogFormat(),
      },
    });
    addErrorGatewayResponses(this.restApi);

    this.requestModel = this.restApi.addModel('PredictionRequest', {
      contentType: 'application/json',
      description: 'A batch of customer records (contract/prediction-contract.ts)',
      schema: toApiGatewayJsonSchema(predictionRequestSchema({ ...this.requestLimits, fields: this.contract.fields })),
    });
    const responseModel = this.restApi.addModel('PredictionResponse', {
      contentType: 'application/json', schema: toApiGatewayJsonSchema(PREDICTION_RESPONSE_SCHEMA),
    });
    const errorModel = this.restApi.addModel('ErrorResponse', {
      contentType: 'application/json', schema: toApiGatewayJsonSchema(ERROR_RESPONSE_SCHEMA),
    });
    const validator = this.restApi.addRequestValidator('BodyValidator', {
      // Parameters too, though the method declares none: cdk-nag's APIG2 looks for both.
      validateRequestBody: true,
      validateRequestParameters: true,
    });

    const resource = this.restApi.root.resourceForPath(PREDICTIONS_PATH);
    if (props.corsAllowOrigins !== undefined) {
      // An unauthenticated OPTIONS mock: CORS preflights carry no credentials (Fetch standard), and
      // cdk-nag's APIG4 and COG4 exempt OPTIONS methods.
      resource.addCorsPreflight({
        allowOrigins: [...props.corsAllowOrigins],
        allowMethods: ['POST', 'OPTIONS'],
        allowHeaders: ['Content-Type', 'Authorization', 'X-Amz-Date', 'X-Amz-Security-Token', 'X-Amz-Content-Sha256', 'X-Api-Key'],
      });
    }
    this.predictMethod = resource.addMethod('POST', new apigateway.LambdaIntegration(props.handler, { allowTestInvoke: false }), {
      authorizationType: iamAuthorization ? apigateway.AuthorizationType.IAM : apigateway.AuthorizationType.NONE,
      apiKeyRequired: usagePlan !== undefined,
      requestValidator: validator,
      requestModels: { 'application/json': this.requestModel },
      methodResponses: [
        { statusCode: '200', responseModels: { 'application/json': responseModel } },
        ...['400', '403', '429', '500', '502', '503', '504'].map((statusCode) => ({
          statusCode, responseModels: { 'application/json': errorModel },
        })),
      ],
    });
    const method = Validations.of(this.predictMethod);
    method.acknowledge({
      id: 'AwsSolutions::AwsSolutions-COG4',
      reason: iamAuthorization
        ? 'Callers are backend services, authenticated with IAM (SigV4), not Cognito users.'
        : 'Callers are backend services identified by API keys under a usage plan, not Cognito users.',
    });
    if (!iamAuthorization) {
      method.acknowledge({
        id: 'AwsSolutions::AwsSolutions-APIG4',
        reason: 'Opted into by ApiAuthorization.apiKeys(), for callers that cannot sign SigV4. API keys identify and meter callers '
          + '(usage plan rate and quota) but are not authorization: anyone holding a key may call (API Gateway Developer Guide, '
          + '"Best practices for API keys and usage plans": do not rely on API keys as the only means of authentication and '
          + 'authorization). The default is ApiAuthorization.iam().',
      });
    }

    if (usagePlan !== undefined) {
      this.usagePlan = this.restApi.addUsagePlan('UsagePlan', {
        description: 'Churn prediction API keys',
        throttle: { rateLimit: usagePlan.rateLimit, burstLimit: usagePlan.burstLimit },
        quota: { limit: usagePlan.quotaLimit, period: usagePlan.quotaPeriod ?? apigateway.Period.DAY },
        apiStages: [{ stage: this.restApi.deploymentStage }],
      });
      // No physical name or value: API Gateway generates the key; read it with `aws apigateway get-api-key --include-value`.
      this.apiKey = this.restApi.addApiKey('ApiKey', { description: 'Churn prediction API key' });
      this.usagePlan.addApiKey(this.apiKey);
    }

    if (this.restApi.node.tryFindChild('CloudWatchRole') !== undefined) acknowledgeAccountRolePolicy(this.restApi);
    const stage = this.restApi.deploymentStage;
    acknowledgeStageFindings(stage);
    if (props.webAclRequestsPerFiveMinutesPerIp !== undefined) {
      this.webAcl = new ApiWebAcl(this, 'WebAcl', {
        stage,
        requestsPerFiveMinutesPerIp: props.webAclRequestsPerFiveMinutesPerIp,
        logEncryptionKey: props.encryptionKey,
        logRetention: props.logRetention,
      });
    } else {
      acknowledgeFindings(
        stage,
        'No web ACL configured (webAclRequestsPerFiveMinutesPerIp is opt-in; the app\'s Prod stage sets it). Only signed callers '
          + '(IAM) or key holders get past API Gateway, the request model refuses malformed bodies, and the stage throttle bounds '
          + 'the total rate, though not per caller: one caller can use all of it. Acceptable where no customer traffic flows, '
          + 'as on the app\'s Dev stage.',
        awsSolutions('APIG3'),
        nist80053r5('APIGWAssociatedWithWAF'),
      );
    }
  }

  /** The full URL of `POST /v1/predictions`. */
  public get predictionsUrl(): string {
    return this.restApi.urlForPath(PREDICTIONS_PATH);
  }

  /**
   * The OpenAPI 3.0 document of this API: the model package's record fields, this deployment's
   * records per request and targetable variants, the error codes. Generated from the same schema as
   * the request model.
   */
  public openApiDocument(): Record<string, unknown> {
    return openApiDocument(this.contract, this.requestLimits);
  }
}

/**
 * The account-level role API Gateway logs with serves every REST API of the account and region,
 * not only this one, so it carries AWS's managed policy for that role: a policy scoped to this
 * API's log groups would break the logging of the account's other APIs.
 */
function acknowledgeAccountRolePolicy(restApi: apigateway.RestApi): void {
  const managedPolicy = iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonAPIGatewayPushToCloudWatchLogs');
  Validations.of(restApi.node.findChild('CloudWatchRole')).acknowledge({
    id: `AwsSolutions::AwsSolutions-IAM4[Policy::${findingResource(restApi, managedPolicy.managedPolicyArn)}]`,
    reason: 'API Gateway\'s account-level CloudWatch Logs role serves every REST API of the account and region; AWS\'s '
      + 'managed policy for it keeps the other APIs logging, where one scoped to this API\'s log groups would not.',
  });
}

/** The stage's findings that hold for every configuration, each with why it does not apply here. */
function acknowledgeStageFindings(stage: apigateway.Stage): void {
  acknowledgeFindings(
    stage,
    'Execution logging would log request bodies and validation errors that quote customer values; JSON access logs without '
      + 'caller addresses or bodies are on.',
    awsSolutions('APIG6'),
    nist80053r5('APIGWExecutionLoggingEnabled'),
  );
  acknowledgeFindings(
    stage,
    'The API\'s one method is a POST of customer records whose answer is per request: API Gateway does not cache POST methods '
      + 'by default, and a cached answer would serve one caller\'s predictions to another. No cache, so nothing to encrypt.',
    nist80053r5('APIGWCacheEnabledAndEncrypted'),
  );
  acknowledgeFindings(
    stage,
    'A stage client certificate lets an HTTP backend authenticate API Gateway (API Gateway Developer Guide, "Generate and '
      + 'configure an SSL certificate for backend authentication"); this API\'s only integration is a Lambda proxy, which '
      + 'API Gateway invokes through the Lambda API over TLS with SigV4, limited by the function\'s resource policy.',
    nist80053r5('APIGWSSLEnabled'),
  );
}

/**
 * One JSON line per request: ids, route, status, sizes, latencies and error type. No caller
 * address, and no validation error text (it can quote the values sent).
 */
function accessLogFormat(): apigateway.AccessLogFormat {
  const field = apigateway.AccessLogField;
  return apigateway.AccessLogFormat.custom(JSON.stringify({
    requestId: field.contextRequestId(),
    extendedRequestId: field.contextExtendedRequestId(),
    requestTime: field.contextRequestTime(),
    httpMethod: field.contextHttpMethod(),
    resourcePath: field.contextResourcePath(),
    protocol: field.contextProtocol(),
    status: field.contextStatus(),
    responseLength: field.contextResponseLength(),
    responseLatency: field.contextResponseLatency(),
    integrationLatency: field.contextIntegrationLatency(),
    integrationStatus: field.contextIntegrationStatus(),
    errorResponseType: field.contextErrorResponseType(),
    user: field.contextIdentityUser(),
    apiKeyId: field.contextIdentityApiKeyId(),
    wafStatus: field.contextWafResponseCode(),
  }));
}
