#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { addChurnPredictionStages, environmentFromCli } from './churn-prediction-app';

// Environment-agnostic unless the CLI was given an account and region (credentials configured).
addChurnPredictionStages(new App(), environmentFromCli(process.env));
