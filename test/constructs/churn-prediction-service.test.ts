import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ChurnPredictionService } from '../../lib/churn-prediction-service';
import { createTestApp } from '../support/app';

describe('ChurnPredictionService', () => {
  test('with a key of the user: no key is created and every encrypted resource uses theirs', () => {
    const stack = new Stack(createTestApp(), 'TestStack');
    const key = new kms.Key(stack, 'TheirKey');
    new ChurnPredictionService(stack, 'Service', { encryptionKey: key });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 1);
    const keyArn = { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] };
    template.allResourcesProperties('AWS::Logs::LogGroup', { KmsKeyId: keyArn });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: keyArn });
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', { KmsKeyId: keyArn });
  });

  test('risk thresholds and batch size reach the function', () => {
    const stack = new Stack(createTestApp(), 'TestStack');
    new ChurnPredictionService(stack, 'Service', { mediumRiskThreshold: 0.2, highRiskThreshold: 0.5, maxRecordsPerRequest: 10 });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ MAX_RECORDS: '10', RISK_THRESHOLD_MEDIUM: '0.2', RISK_THRESHOLD_HIGH: '0.5' }),
      },
    });
  });

  test('When the risk thresholds are out of order and the batch size is zero: one error names both', () => {
    const stack = new Stack(createTestApp(), 'TestStack');
    expect(() => new ChurnPredictionService(stack, 'Service', {
      mediumRiskThreshold: 0.8, highRiskThreshold: 0.5, maxRecordsPerRequest: 0,
    })).toThrow(/maxRecordsPerRequest must be a whole number from 1 to 1000, got 0[\s\S]*mediumRiskThreshold \(0.8\) < highRiskThreshold \(0.5\)/);
  });
});
