import { App, Stack } from 'aws-cdk-lib';
import * as path from 'path';
import { ChurnPredictionService, ModelPackage, VariantCapacity } from 'churn-prediction-service';

const app = new App();
const stack = new Stack(app, 'ChurnScoring');
new ChurnPredictionService(stack, 'Churn', {
  // A model package of your own (npm run train -- --data … --spec … --out …): its contract shapes the API.
  model: ModelPackage.fromDirectory(path.join(__dirname, '..', 'state-model')),
  capacity: VariantCapacity.serverless(), // nothing paid while idle
});
