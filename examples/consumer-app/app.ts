import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ChurnPredictionService, S3ObjectModelData, VariantCapacity } from 'churn-prediction-service';

const app = new App();
const stack = new Stack(app, 'ChurnScoring');
const models = s3.Bucket.fromBucketName(stack, 'Models', 'acme-ml-models');
new ChurnPredictionService(stack, 'Churn', {
  modelData: S3ObjectModelData.fromBucket(models, 'churn/2026-11-01/model.tar.gz'),
  modelVersion: 'churn-2026-11-01',
  capacity: VariantCapacity.serverless(), // nothing paid while idle
});
