import { CfnElement, Duration, Stack } from 'aws-cdk-lib';
import { Capture, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ChurnModelEndpoint } from '../../lib/endpoint/churn-model-endpoint';
import { createTestApp } from '../support/app';

describe('data capture', () => {
  const stack = new Stack(createTestApp(), 'TestStack');
  const key = new kms.Key(stack, 'Key');
  const endpoint = new ChurnModelEndpoint(stack, 'Endpoint', { dataCapture: { encryptionKey: key, samplingPercentage: 25, retention: Duration.days(14) } });
  const template = Template.fromStack(stack);
  const id = (element: unknown) => stack.getLogicalId(element as CfnElement);
  const bucketId = id(endpoint.dataCapture!.bucket.node.defaultChild);
  const keyArn = { 'Fn::GetAtt': [id(key.node.defaultChild), 'Arn'] };

  test('captures 25% of requests and responses, as text, KMS-encrypted, under the capture prefix', () => {
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      DataCaptureConfig: {
        EnableCapture: true,
        InitialSamplingPercentage: 25,
        DestinationS3Uri: { 'Fn::Join': ['', ['s3://', { Ref: bucketId }, '/data-capture']] },
        KmsKeyId: keyArn,
        CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
        CaptureContentTypeHeader: { CsvContentTypes: ['text/csv'], JsonContentTypes: ['application/json'] },
      },
    });
  });

  test('the bucket is KMS-encrypted, versioned, closed to the public, logged, and expires records', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn }, BucketKeyEnabled: true }],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'data-capture-bucket/' },
      LifecycleConfiguration: {
        Rules: [{
          Id: 'ExpireCapturedRecords', Status: 'Enabled', ExpirationInDays: 14,
          NoncurrentVersionExpiration: { NoncurrentDays: 1 }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        }],
      },
    });
  });

  test('the bucket refuses requests without TLS', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('the execution role may put objects under the capture prefix only, and encrypt with the key', () => {
    const statements = new Capture();
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: id(endpoint.executionRole.node.defaultChild) }],
      PolicyDocument: { Statement: statements },
    });
    const s3Statements = statements.asArray().filter((s: any) => JSON.stringify(s.Action).includes('s3:'));
    expect(s3Statements).toContainEqual({
      Action: 's3:PutObject', Effect: 'Allow', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/data-capture/*']] },
    });
    expect(s3Statements.filter((s: any) => s.Action !== 's3:GetObject')).toHaveLength(1);
    expect(statements.asArray()).toContainEqual({ Action: ['kms:Encrypt', 'kms:GenerateDataKey'], Effect: 'Allow', Resource: keyArn });
  });
});

describe('data capture, whatever the app\'s S3 feature flags', () => {
  test.each([true, false])('with @aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy %s: the access-log bucket admits S3 logging by policy, with ACLs still off', (flag) => {
    const stack = new Stack(createTestApp({ context: { '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': flag } }), 'TestStack');
    const endpoint = new ChurnModelEndpoint(stack, 'Endpoint', { dataCapture: { encryptionKey: new kms.Key(stack, 'Key') } });
    const template = Template.fromStack(stack);
    const id = (element: unknown) => stack.getLogicalId(element as CfnElement);
    const captureBucket = id(endpoint.dataCapture!.bucket.node.defaultChild);
    const logBucket = id(endpoint.dataCapture!.node.findChild('AccessLogs').node.defaultChild);
    template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { DestinationBucketName: { Ref: logBucket }, LogFilePrefix: 'data-capture-bucket/' },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logBucket },
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Action: 's3:PutObject',
          Condition: { ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [captureBucket, 'Arn'] } }, StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        })]),
      },
    });
    for (const bucket of Object.values(template.findResources('AWS::S3::Bucket'))) {
      expect(bucket.Properties.AccessControl).toBeUndefined();
      expect(bucket.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    }
  });
});

describe('who may read captured records', () => {
  const readStatementOf = (template: Template, bucketId: string) => {
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find((p: any) => p.Properties.Bucket.Ref === bucketId) as any;
    return policy.Properties.PolicyDocument.Statement.find((s: any) => s.Sid === 'OnlyNamedRolesReadCapturedRecords');
  };

  test('with no reader named: the bucket policy denies reading any object to everyone', () => {
    const stack = new Stack(createTestApp(), 'NoReaders');
    const endpoint = new ChurnModelEndpoint(stack, 'Endpoint', { dataCapture: { encryptionKey: new kms.Key(stack, 'Key') } });
    const bucketId = stack.getLogicalId(endpoint.dataCapture!.bucket.node.defaultChild as CfnElement);
    expect(readStatementOf(Template.fromStack(stack), bucketId)).toEqual({
      Sid: 'OnlyNamedRolesReadCapturedRecords',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: ['s3:GetObject', 's3:GetObjectVersion'],
      Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] },
    });
  });

  test('with readers named: everyone else is denied, by the principal\'s ARN (a role\'s sessions included)', () => {
    const stack = new Stack(createTestApp(), 'Readers');
    const monitor = iam.Role.fromRoleArn(stack, 'Monitor', 'arn:aws:iam::123456789012:role/model-monitor');
    const analyst = iam.Role.fromRoleArn(stack, 'Analyst', 'arn:aws:iam::123456789012:role/team/churn-analyst');
    const endpoint = new ChurnModelEndpoint(stack, 'Endpoint', { dataCapture: { encryptionKey: new kms.Key(stack, 'Key'), readers: [monitor, analyst] } });
    const bucketId = stack.getLogicalId(endpoint.dataCapture!.bucket.node.defaultChild as CfnElement);
    const statement = readStatementOf(Template.fromStack(stack), bucketId);
    expect(statement.Effect).toBe('Deny');
    expect(statement.Condition).toEqual({
      ArnNotEquals: { 'aws:PrincipalArn': ['arn:aws:iam::123456789012:role/model-monitor', 'arn:aws:iam::123456789012:role/team/churn-analyst'] },
    });
  });
});

describe('the capture bucket\'s access-log bucket', () => {
  const stack = new Stack(createTestApp(), 'AccessLogs');
  const endpoint = new ChurnModelEndpoint(stack, 'Endpoint', { dataCapture: { encryptionKey: new kms.Key(stack, 'Key') } });
  const template = Template.fromStack(stack);
  const logBucketId = stack.getLogicalId(endpoint.dataCapture!.node.findChild('AccessLogs').node.defaultChild as CfnElement);

  test('receives the capture bucket\'s server access logs', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { DestinationBucketName: { Ref: logBucketId }, LogFilePrefix: 'data-capture-bucket/' },
    });
  });

  test('is versioned, so a deleted record of who read captured data stays 90 days as a noncurrent version', () => {
    const bucket = template.findResources('AWS::S3::Bucket')[logBucketId];
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual([
      { Id: 'ExpireAccessLogs', Status: 'Enabled', ExpirationInDays: 90, NoncurrentVersionExpiration: { NoncurrentDays: 90 } },
    ]);
  });

  test('uses SSE-S3, the only default encryption S3 log delivery supports, and refuses requests without TLS', () => {
    const bucket = template.findResources('AWS::S3::Bucket')[logBucketId];
    expect(bucket.Properties.BucketEncryption).toEqual({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logBucketId },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });
});
