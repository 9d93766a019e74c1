/**
 * The baseline of the synth benchmark: a bare CDK app with one stack of one resource, with the
 * project's cdk.json, run as a TypeScript CDK app runs by default (CDK CLI → npx tsx); the
 * benchmark also runs it through the service's launcher (bin/run-app.js) for comparison.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';

const app = new App();
new sns.Topic(new Stack(app, 'BareStack'), 'Topic');
