import { App, Environment, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ChurnPredictionStack } from '../lib/churn-prediction-stack';
import { StageSettings, STAGES } from '../lib/stage-config';

/**
 * The environment the CLI asks for: the account and region of the caller's credentials
 * (`CDK_DEFAULT_ACCOUNT`/`CDK_DEFAULT_REGION`, set by the CLI when credentials are configured),
 * or none, for an environment-agnostic synth.
 */
export function environmentFromCli(env: NodeJS.ProcessEnv): Environment | undefined {
  const account = env.CDK_DEFAULT_ACCOUNT;
  const region = env.CDK_DEFAULT_REGION;
  return account !== undefined && account !== '' && region !== undefined && region !== '' ? { account, region } : undefined;
}

/**
 * Adds one stack per stage to the app, in `env`, and checks the whole app with cdk-nag's
 * AwsSolutions pack at synth: what `cdk synth` runs, and what the tests synthesize.
 */
export function addChurnPredictionStages(app: App, env: Environment | undefined, stages: readonly StageSettings[] = STAGES): ChurnPredictionStack[] {
  const stacks = stages.map((settings) => new ChurnPredictionStack(app, `ChurnPrediction-${settings.name}`, { settings, env }));
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stacks;
}
