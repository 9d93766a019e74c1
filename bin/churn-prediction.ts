#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ChurnPredictionStack } from '../lib/churn-prediction-stack';
import { STAGES } from '../lib/stage-config';

const app = new App();
// Environment-agnostic unless the CLI was given an account and region.
const env = process.env.CDK_DEFAULT_ACCOUNT && process.env.CDK_DEFAULT_REGION
  ? { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION }
  : undefined;
for (const settings of STAGES) {
  new ChurnPredictionStack(app, `ChurnPrediction-${settings.name}`, { settings, env });
}
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
