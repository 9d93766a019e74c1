/**
 * The app of bin/churn-prediction.ts with its checks chosen by `SYNTH_PHASES_CHECKS` (`none`,
 * `cdk-nag`, `validation`, `both`), timed phase by phase: bench/synth-phases.ts runs it through
 * bin/run-app.js, as the CLI does, and reads the JSON it prints. `both` is what `cdk synth` runs.
 */
import { App } from 'aws-cdk-lib';
import { addComplianceChecks } from '../bin/churn-prediction-app';
import { ChurnPredictionStack } from '../lib/churn-prediction-stack';
import { STAGES } from '../lib/stage-config';

// Node's start, run-app.js's compile and the imports above (aws-cdk-lib loads its modules lazily,
// on first use, so most of them load during construction).
const startupMillis = process.uptime() * 1000;
const checks = process.env.SYNTH_PHASES_CHECKS ?? 'both';
const validate = checks === 'validation' || checks === 'both';

let started = process.hrtime.bigint();
const lap = () => {
  const now = process.hrtime.bigint();
  const millis = Number(now - started) / 1e6;
  started = now;
  return millis;
};
const app = new App({
  builtinCloudFormationValidation: validate,
  context: { '@aws-cdk/core:validateAgainstDefaultRules': validate },
});
for (const settings of STAGES) new ChurnPredictionStack(app, `ChurnPrediction-${settings.name}`, { settings });
if (checks === 'cdk-nag' || checks === 'both') addComplianceChecks(app);
const constructMillis = lap();
app.synth();
const synthMillis = lap();
process.stdout.write(JSON.stringify({ startupMillis, constructMillis, synthMillis }));
