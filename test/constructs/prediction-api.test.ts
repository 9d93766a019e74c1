import { CfnElement, Stack, Validations } from 'aws-cdk-lib';
import { Capture, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { statusOfErrorCode } from '../../contract/error-codes';
import { ERROR_RESPONSE_SCHEMA, predictionRequestSchema } from '../../contract/prediction-contract';
import { GATEWAY_ERROR_RESPONSES } from '../../lib/api/error-gateway-responses';
import { ApiAuthorization } from '../../lib/api/api-authorization';
import { PredictionApi, PredictionApiProps } from '../../lib/api/prediction-api';
import { draft04Validator } from '../contract/draft-04-validator';
import { createTestApp } from '../support/app';
import { bundledRequest } from '../support/model-packages';

type Options = Omit<PredictionApiProps, 'handler' | 'encryptionKey' | 'logRetention'>;

function apiStack(options: Options = {}, app = createTestApp()) {
  const stack = new Stack(app, 'ApiStack');
  const handler = new lambda.Function(stack, 'Handler', {
    runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({});'),
  });
  const api = new PredictionApi(stack, 'Api', {
    handler, encryptionKey: new kms.Key(stack, 'Key'), logRetention: logs.RetentionDays.ONE_WEEK, ...options,
  });
  return {
    app, stack, api,
    // A getter: synthesizing here would cache the assembly before a test adds validation plugins.
    get template() { return Template.fromStack(stack); },
    id: (element: unknown) => stack.getLogicalId(element as CfnElement),
  };
}

/**
 * A gateway-response template with its `$context` variables replaced as API Gateway does: messageString
 * as a quoted JSON string, validationErrorString raw, double quotes and all (the text of a real
 * BAD_REQUEST_BODY), so a template that embeds it fails to parse.
 */
function rendered(template: string): unknown {
  return JSON.parse(template
    .replace(/\$context\.error\.messageString/g, JSON.stringify('Forbidden'))
    .replace(/\$context\.error\.validationErrorString/g, '[object has missing required properties (["records"])]'));
}

describe('PredictionApi', () => {
  describe('with the defaults', () => {
    const { template, api, id } = (() => {
      const built = apiStack();
      return { template: built.template, api: built.api, id: built.id };
    })();

    test('POST /v1/predictions needs SigV4 and no API key, and checks the body against the contract\'s model', () => {
      template.hasResourceProperties('AWS::ApiGateway::Method', {
        HttpMethod: 'POST',
        AuthorizationType: 'AWS_IAM',
        ApiKeyRequired: false,
        RequestModels: { 'application/json': { Ref: id(api.requestModel.node.defaultChild) } },
        RequestValidatorId: Match.anyValue(),
      });
      const model = template.findResources('AWS::ApiGateway::Model')[id(api.requestModel.node.defaultChild)];
      expect(model.Properties.Schema).toEqual(predictionRequestSchema(bundledRequest({ maxRecords: 100, allowedVariants: [] })));
      template.hasResourceProperties('AWS::ApiGateway::RequestValidator', { ValidateRequestBody: true, ValidateRequestParameters: true });
      expect(api.predictionsUrl).toBeDefined();
    });

    test('documents its answers with the response and error models', () => {
      const responses = new Capture();
      template.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'POST', MethodResponses: responses });
      expect(responses.asArray().map((response: { StatusCode: string }) => response.StatusCode))
        .toEqual(['200', '400', '403', '429', '500', '502', '503', '504']);
    });

    test('every API Gateway error answers in the function\'s envelope, with a code listed under its status', () => {
      const isErrorBody = draft04Validator(ERROR_RESPONSE_SCHEMA);
      const responses = Object.values(template.findResources('AWS::ApiGateway::GatewayResponse')).map((r: any) => r.Properties);
      expect(responses).toHaveLength(GATEWAY_ERROR_RESPONSES.length);
      for (const response of responses) {
        const body = rendered(response.ResponseTemplates['application/json']) as { error: { code: string } };
        expect({ type: response.ResponseType, valid: isErrorBody(body) }).toEqual({ type: response.ResponseType, valid: true });
        expect(statusOfErrorCode(body.error.code)).toBeDefined();
      }
    });

    test('a body the model refuses is a 400 InvalidRequest in valid JSON, without the unescaped validator text', () => {
      const badBody = Object.values(template.findResources('AWS::ApiGateway::GatewayResponse'))
        .map((r: any) => r.Properties).find((p: any) => p.ResponseType === 'BAD_REQUEST_BODY');
      expect(badBody.StatusCode).toBeUndefined(); // API Gateway's own 400
      expect(badBody.ResponseTemplates['application/json']).not.toContain('validationErrorString');
      expect(rendered(badBody.ResponseTemplates['application/json'])).toEqual({
        error: { code: 'InvalidRequest', message: expect.stringMatching(/does not match the request model: \{"records"/) },
      });
    });

    test('throttled callers get 429 Throttled with Retry-After', () => {
      template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
        ResponseType: 'THROTTLED',
        ResponseParameters: { 'gatewayresponse.header.Retry-After': "'1'" },
        ResponseTemplates: { 'application/json': Match.stringLikeRegexp('"code":"Throttled"') },
      });
    });

    test('the stage logs JSON without caller addresses or validation text, and does not trace with X-Ray (its segments record caller addresses)', () => {
      const format = new Capture();
      template.hasResourceProperties('AWS::ApiGateway::Stage', {
        StageName: 'live', TracingEnabled: false, AccessLogSetting: { Format: format, DestinationArn: Match.anyValue() },
      });
      const fields = JSON.parse(format.asString());
      expect(fields).toMatchObject({ requestId: '$context.requestId', status: '$context.status', wafStatus: '$context.wafResponseCode' });
      expect(format.asString()).not.toMatch(/sourceIp|validationErrorString|identity\.caller|xrayTraceId/);
    });

    test('the API is named after its stack, so two stages in one account keep their ApiName metrics apart; the stage is `live`', () => {
      template.hasResourceProperties('AWS::ApiGateway::RestApi', { Name: 'ApiStack-predictions' });
      expect(api.restApi.restApiName).toBe('ApiStack-predictions');
      template.hasResourceProperties('AWS::ApiGateway::Stage', { StageName: 'live' });
    });

    test('no API key, usage plan, web ACL or OPTIONS method', () => {
      template.resourceCountIs('AWS::ApiGateway::ApiKey', 0);
      template.resourceCountIs('AWS::ApiGateway::UsagePlan', 0);
      template.resourceCountIs('AWS::WAFv2::WebACL', 0);
      template.resourceCountIs('AWS::ApiGateway::Method', 1);
    });
  });

  test('a name of the caller replaces the default', () => {
    apiStack({ restApiName: 'churn-predictions-eu' }).template.hasResourceProperties('AWS::ApiGateway::RestApi', { Name: 'churn-predictions-eu' });
  });

  test('maxRecordsPerRequest and allowedVariantNames shape the request model', () => {
    const { template, api, id } = apiStack({ maxRecordsPerRequest: 25, allowedVariantNames: ['Blue', 'Green'] });
    const model = template.findResources('AWS::ApiGateway::Model')[id(api.requestModel.node.defaultChild)];
    expect(model.Properties.Schema).toEqual(predictionRequestSchema(bundledRequest({ maxRecords: 25, allowedVariants: ['Blue', 'Green'] })));
  });

  describe('with API keys', () => {
    test('the method requires a key, still with SigV4; a usage plan on the stage limits rate, burst and quota', () => {
      const { template, api, id } = apiStack({ authorization: ApiAuthorization.iamAndApiKeys({ rateLimit: 5, burstLimit: 10, quotaLimit: 10_000 }) });
      template.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'POST', AuthorizationType: 'AWS_IAM', ApiKeyRequired: true });
      template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
        Throttle: { RateLimit: 5, BurstLimit: 10 },
        Quota: { Limit: 10_000, Period: 'DAY' },
        ApiStages: [{ ApiId: { Ref: id(api.restApi.node.defaultChild) }, Stage: { Ref: id(api.restApi.deploymentStage.node.defaultChild) } }],
      });
      template.resourceCountIs('AWS::ApiGateway::ApiKey', 1);
      template.hasResourceProperties('AWS::ApiGateway::ApiKey', { Name: Match.absent(), Value: Match.absent(), Enabled: true });
      template.hasResourceProperties('AWS::ApiGateway::UsagePlanKey', {
        KeyType: 'API_KEY', UsagePlanId: { Ref: id(api.usagePlan?.node.defaultChild) },
      });
    });

    test('with IAM off, the method takes API keys alone', () => {
      const { template } = apiStack({ authorization: ApiAuthorization.apiKeys({ rateLimit: 5, burstLimit: 10, quotaLimit: 100, quotaPeriod: apigateway.Period.MONTH }) });
      template.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'POST', AuthorizationType: 'NONE', ApiKeyRequired: true });
      template.hasResourceProperties('AWS::ApiGateway::UsagePlan', { Quota: { Limit: 100, Period: 'MONTH' } });
    });
  });

  test('with a web ACL: a regional rate-based rule per address answering 429, associated with the stage after it exists', () => {
    const { template, api, id } = apiStack({ webAclRequestsPerFiveMinutesPerIp: 1_000 });
    const stageId = id(api.restApi.deploymentStage.node.defaultChild);
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: Match.arrayWith([Match.objectLike({
        Name: 'RateLimitPerAddress',
        Statement: { RateBasedStatement: { Limit: 1_000, AggregateKeyType: 'IP', EvaluationWindowSec: 300 } },
        Action: { Block: { CustomResponse: Match.objectLike({ ResponseCode: 429, CustomResponseBodyKey: 'RateLimited' }) } },
      })]),
    });
    const body = JSON.parse(template.findResources('AWS::WAFv2::WebACL')[id(api.webAcl?.webAcl)].Properties.CustomResponseBodies.RateLimited.Content);
    expect(draft04Validator(ERROR_RESPONSE_SCHEMA)(body)).toBe(true);
    expect(statusOfErrorCode(body.error.code)).toBe('429');
    template.hasResource('AWS::WAFv2::WebACLAssociation', {
      Properties: {
        WebACLArn: { 'Fn::GetAtt': [id(api.webAcl?.webAcl), 'Arn'] },
        ResourceArn: { 'Fn::Join': ['', Match.arrayWith([{ Ref: id(api.restApi.node.defaultChild) }, '/stages/', { Ref: stageId }])] },
      },
      DependsOn: Match.arrayWith([stageId]),
    });
  });

  test('with CORS: an unauthenticated OPTIONS preflight that allows only the configured origin', () => {
    const { template } = apiStack({ corsAllowOrigins: ['https://app.example.com'] });
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'OPTIONS',
      AuthorizationType: 'NONE',
      Integration: Match.objectLike({
        Type: 'MOCK',
        IntegrationResponses: [Match.objectLike({
          ResponseParameters: Match.objectLike({
            'method.response.header.Access-Control-Allow-Origin': "'https://app.example.com'",
            'method.response.header.Access-Control-Allow-Methods': "'POST,OPTIONS'",
          }),
        })],
      }),
    });
  });

  test('When the props are wrong: one error names every problem', () => {
    expect(() => apiStack({
      throttle: { rateLimit: 0 },
      webAclRequestsPerFiveMinutesPerIp: 5,
      corsAllowOrigins: ['http://insecure.example', '*'],
      restApiName: ' ',
    })).toThrow(new RegExp([
      'throttle.rateLimit must be > 0, got 0',
      'restApiName must not be blank when given',
      'webAclRequestsPerFiveMinutesPerIp must be a whole number from 10 to 2000000000, got 5',
      'corsAllowOrigins may hold "\\*" only on its own',
      'corsAllowOrigins holds "http://insecure.example", which is not an https origin',
    ].join('[\\s\\S]*')));
  });

  test('When API-key limits are wrong: each is named', () => {
    expect(() => apiStack({ authorization: ApiAuthorization.apiKeys({ rateLimit: 0, burstLimit: 1.5, quotaLimit: 0 }) })).toThrow(
      /authorization.usagePlan.rateLimit must be > 0[\s\S]*authorization.usagePlan.burstLimit[\s\S]*authorization.usagePlan.quotaLimit must be a whole number ≥ 1, got 0/,
    );
  });

  test('When a key may send more than the stage accepts: the usage plan is refused, naming both rates', () => {
    expect(() => apiStack({ throttle: { rateLimit: 10, burstLimit: 20 }, authorization: ApiAuthorization.apiKeys({ rateLimit: 11, burstLimit: 20, quotaLimit: 100 }) }))
      .toThrow('authorization.usagePlan.rateLimit (11) must not exceed throttle.rateLimit (10)');
  });

  test.each<[string, Options]>([
    ['the defaults', {}],
    ['every option on and IAM off', {
      authorization: ApiAuthorization.apiKeys({ rateLimit: 5, burstLimit: 10, quotaLimit: 1_000 }),
      webAclRequestsPerFiveMinutesPerIp: 500, corsAllowOrigins: ['https://app.example.com'],
    }],
  ])('cdk-nag AwsSolutions finds nothing open with %s', (_, options) => {
    const app = createTestApp();
    const { stack } = apiStack(options, app);
    // The stand-in handler and key of this test stack are not what is under test.
    Validations.of(stack.node.findChild('Handler')).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'test stand-in',
    });
    Validations.of(stack.node.findChild('Key')).acknowledge({ id: 'AwsSolutions::AwsSolutions-KMS5', reason: 'test stand-in' });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
  });
});
