import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as path from 'path';
import { ChurnPredictionService, ModelPackage, ServiceNetwork, VariantCapacity } from 'churn-prediction-service';

const app = new App();
const stack = new Stack(app, 'ChurnScoring');
const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 }); // a VPC of yours: the model uses its private subnets
new ChurnPredictionService(stack, 'Churn', {
  model: ModelPackage.fromDirectory(path.join(__dirname, '..', 'state-model')), // its contract shapes the API
  endpoint: { capacity: VariantCapacity.instances({ instanceType: 'ml.c5.large' }), dataCapture: { samplingPercentage: 10 } },
  network: ServiceNetwork.existingVpc(vpc),
  outputs: true, // PredictionsUrl and EndpointName, for callers and npm run verify
});
