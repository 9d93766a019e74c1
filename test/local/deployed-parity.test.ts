import { CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { PREDICT_FUNCTION_TIMEOUT } from '../../lib/api/predict-function';
import { API_STAGE_NAME, PredictionApi } from '../../lib/api/prediction-api';
import { DEFAULT_VARIANT_NAME as VARIANT_NAME } from '../../lib/endpoint/production-variant';
import { API_STAGE, FUNCTION_TIMEOUT_MILLIS, GATEWAY_ERROR_CODES, PREDICTIONS_RESOURCE } from '../../local/api/prediction-api-front';
import { LOCAL_VARIANT_NAME } from '../../local/sagemaker-runtime/sagemaker-runtime-stand-in';
import { createTestApp } from '../support/app';

/** The local run copies a few facts of the deployed stack (it does not load aws-cdk-lib); these keep them in step. */
function apiTemplate() {
  const stack = new Stack(createTestApp(), 'ParityStack');
  const handler = new lambda.Function(stack, 'Handler', {
    runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({});'),
  });
  const api = new PredictionApi(stack, 'Api', { handler, encryptionKey: new kms.Key(stack, 'Key'), logRetention: logs.RetentionDays.ONE_DAY });
  return { stack, api, template: Template.fromStack(stack) };
}

describe('the local run matches the deployed stack', () => {
  test('the API: POST on the resource the local front serves, in the same stage', () => {
    const { stack, api, template } = apiTemplate();

    expect(API_STAGE).toBe(API_STAGE_NAME);
    const resources = template.findResources('AWS::ApiGateway::Resource');
    expect(Object.values(resources).map((resource) => `/${resource.Properties.PathPart}`).join('')).toEqual(PREDICTIONS_RESOURCE);
    const leafId = Object.keys(resources).find((id) => `/${resources[id].Properties.PathPart}` === PREDICTIONS_RESOURCE.slice(PREDICTIONS_RESOURCE.lastIndexOf('/')));
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      ResourceId: { Ref: leafId },
      Integration: Match.objectLike({ Type: 'AWS_PROXY' }),
    });
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: API_STAGE,
      RestApiId: { Ref: stack.getLogicalId(api.restApi.node.defaultChild as CfnElement) },
    });
  });

  test('the error codes of API Gateway\'s own answers (function failure or timeout, integration timeout, too large, other 4xx)', () => {
    const { template } = apiTemplate();
    for (const [type, code] of Object.entries(GATEWAY_ERROR_CODES)) {
      const responses = Object.values(template.findResources('AWS::ApiGateway::GatewayResponse', { Properties: { ResponseType: type } }));
      expect([type, responses.length]).toEqual([type, 1]);
      const body = responses[0].Properties.ResponseTemplates['application/json'] as string;
      expect([type, body]).toEqual([type, expect.stringMatching(new RegExp(`^\\{"error":\\{"code":"${code}","message":`))]);
    }
  });

  test('the function timeout', () => {
    expect(FUNCTION_TIMEOUT_MILLIS).toBe(PREDICT_FUNCTION_TIMEOUT.toMilliseconds());
  });

  test('the production variant name the runtime reports', () => {
    expect(LOCAL_VARIANT_NAME).toBe(VARIANT_NAME);
  });
});
