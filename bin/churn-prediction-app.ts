import { App, Environment, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { ChurnPredictionStack } from '../lib/churn-prediction-stack';
import { ALARM_EMAIL_CONTEXT_KEY, StageSettings, STAGES } from '../lib/stage-config';

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
 * AwsSolutions and NIST 800-53 rev 5 packs at synth: what `cdk synth` runs, and what the tests
 * synthesize. A stage without `monitoring.alarmEmail` takes the address of the `churn-prediction:alarmEmail`
 * context value, if given.
 */
export function addChurnPredictionStages(app: App, env: Environment | undefined, stages: readonly StageSettings[] = STAGES): ChurnPredictionStack[] {
  const alarmEmail = alarmEmailFromContext(app);
  const stacks = stages.map((settings) => new ChurnPredictionStack(app, `ChurnPrediction-${settings.name}`, {
    settings: settings.monitoring.alarmEmail === undefined && alarmEmail !== undefined
      ? { ...settings, monitoring: { ...settings.monitoring, alarmEmail } }
      : settings,
    env,
  }));
  addComplianceChecks(app);
  return stacks;
}

/** The cdk-nag packs every synth of the app runs: any open finding fails it. */
export function addComplianceChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new NIST80053R5Checks(app));
}

function alarmEmailFromContext(app: App): string | undefined {
  const value: unknown = app.node.tryGetContext(ALARM_EMAIL_CONTEXT_KEY);
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`Context ${ALARM_EMAIL_CONTEXT_KEY} must be an e-mail address, got ${JSON.stringify(value)}`);
  return value;
}
