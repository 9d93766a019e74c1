/**
 * The baseline of the synth benchmark: a bare CDK app with one stack of one resource, run the
 * same way as the service's app (CDK CLI → npx tsx), so the ratio shows what the service adds.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';

const app = new App();
new sns.Topic(new Stack(app, 'BareStack'), 'Topic');
