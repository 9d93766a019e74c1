import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { PredictFunction, PredictFunctionProps } from '../../lib/api/predict-function';
import { createTestApp } from '../support/app';

type Options = Omit<PredictFunctionProps, 'endpoint' | 'encryptionKey' | 'logRetention' | 'modelVersion'> & { modelVersion?: string };

/** A stand-in endpoint: its name, and a grant on one ARN. */
function endpoint(stack: Stack) {
  return {
    endpointName: 'churn-endpoint',
    grantInvoke: (grantee: iam.IGrantable) => iam.Grant.addToPrincipal({
      grantee, actions: ['sagemaker:InvokeEndpoint'], resourceArns: [stack.formatArn({ service: 'sagemaker', resource: 'endpoint', resourceName: 'churn-endpoint' })],
    }),
  };
}

function functionStack(options: Options = {}) {
  const stack = new Stack(createTestApp(), 'FunctionStack');
  new PredictFunction(stack, 'Predict', {
    endpoint: endpoint(stack), encryptionKey: new kms.Key(stack, 'Key'), logRetention: logs.RetentionDays.ONE_WEEK,
    modelVersion: 'sha256-0123456789abcdef', ...options,
  });
  return Template.fromStack(stack);
}

describe('PredictFunction', () => {
  test('with the defaults: the contract\'s settings in its environment, X-Ray active, no reserved concurrency', () => {
    const template = functionStack();
    template.hasResourceProperties('AWS::Lambda::Function', {
      TracingConfig: { Mode: 'Active' },
      ReservedConcurrentExecutions: Match.absent(),
      Environment: {
        Variables: {
          ENDPOINT_NAME: 'churn-endpoint',
          MAX_RECORDS: '100',
          RISK_THRESHOLD_MEDIUM: '0.3',
          RISK_THRESHOLD_HIGH: '0.7',
          RECOMMENDED_ACTION_LOW: 'none',
          RECOMMENDED_ACTION_MEDIUM: 'engagement-offer',
          RECOMMENDED_ACTION_HIGH: 'retention-offer',
          MODEL_VERSION: 'sha256-0123456789abcdef',
          POWERTOOLS_LOG_LEVEL: 'INFO',
          NODE_OPTIONS: '--enable-source-maps',
        },
      },
    });
  });

  test('variants, origins, actions and a reservation reach the function', () => {
    const template = functionStack({
      allowedVariantNames: ['Blue', 'Green'], corsAllowOrigins: ['https://app.example.com'], reservedConcurrentExecutions: 50,
      recommendedActions: { low: 'upsell', medium: 'discount-10', high: 'call-now' }, maxRecordsPerRequest: 20,
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: 50,
      Environment: {
        Variables: Match.objectLike({
          ALLOWED_VARIANTS: 'Blue,Green', CORS_ALLOWED_ORIGINS: 'https://app.example.com', MAX_RECORDS: '20',
          RECOMMENDED_ACTION_LOW: 'upsell', RECOMMENDED_ACTION_MEDIUM: 'discount-10', RECOMMENDED_ACTION_HIGH: 'call-now',
        }),
      },
    });
  });

  test('When every setting is wrong: one error names each', () => {
    expect(() => functionStack({
      maxRecordsPerRequest: 1001,
      mediumRiskThreshold: 0.9,
      recommendedActions: { low: 'none', medium: 'Send Offer', high: 'retention-offer' },
      allowedVariantNames: ['Blue', 'bad_name'],
      modelVersion: 'v 1',
      reservedConcurrentExecutions: 0,
    })).toThrow(new RegExp([
      'maxRecordsPerRequest must be a whole number from 1 to 1000, got 1001',
      'mediumRiskThreshold \\(0.9\\) and highRiskThreshold \\(0.7\\) must satisfy 0 < mediumRiskThreshold < highRiskThreshold ≤ 1',
      'recommendedActions.medium must be lower-case words joined by hyphens, got "Send Offer"',
      'modelVersion must be 1 to 128 letters',
      'reservedConcurrentExecutions must be a whole number ≥ 1, got 0',
      'allowedVariantNames holds "bad_name"',
    ].join('[\\s\\S]*')));
  });
});
