/** An entry for run-app.test.ts: what the launcher must get right, printed as JSON. */
import { Duration } from 'aws-cdk-lib';
import { packageRoot } from '../../lib/package-root';
import registries from '../../lib/endpoint/sagemaker-xgboost-registries.json';

const trace = new Error('where').stack?.split('\n')[1] ?? '';
process.stdout.write(JSON.stringify({
  packageRoot: packageRoot(),
  dirname: __dirname,
  cdk: Duration.minutes(2).toSeconds(),
  jsonImported: Object.keys(registries).length > 0,
  trace,
}));
