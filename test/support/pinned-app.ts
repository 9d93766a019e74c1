import { App, Environment } from 'aws-cdk-lib';
import { addChurnPredictionStages } from '../../bin/churn-prediction-app';
import { ChurnPredictionStack } from '../../lib/churn-prediction-stack';
import { ALARM_EMAIL_CONTEXT_KEY } from '../../lib/stage-config';
import { createTestApp } from './app';

/** The account tests pin stacks to (AWS's documentation example account). */
export const TEST_ACCOUNT = '123456789012';

/**
 * Regions of the image mapping in three settings: the first region, a European one, and the aws-cn
 * partition (partition literals: `arn:aws-cn:`).
 */
export const PINNED_REGIONS = ['us-east-1', 'eu-west-1', 'cn-north-1'];

/** A deploy pages someone: the address a user passes with `-c churn-prediction:alarmEmail=…`. */
export const ALARM_CONTEXT = { [ALARM_EMAIL_CONTEXT_KEY]: 'oncall@example.com' };

/**
 * What `cdk synth` with credentials writes into cdk.context.json for a stack that uses AZs: the
 * answer of the CLI's availability-zones context provider, here the region's first three names.
 */
export function availabilityZonesContext(account: string, region: string): Record<string, string[]> {
  return { [`availability-zones:account=${account}:region=${region}`]: ['a', 'b', 'c'].map((zone) => `${region}${zone}`) };
}

/**
 * An app as the CLI builds it for a user whose credentials point at `region`, AZ lookups answered,
 * with any further `context` (e.g. `-c` values).
 */
export function pinnedApp(region: string, options: { validate?: boolean; context?: Record<string, unknown> } = {}): { app: App; env: Environment } {
  const env = { account: TEST_ACCOUNT, region };
  return { app: createTestApp({ validate: options.validate, context: { ...availabilityZonesContext(TEST_ACCOUNT, region), ...options.context } }), env };
}

/** Every stage pinned to `region`, as bin/ adds them (cdk-nag included), in a pinnedApp(). */
export function pinnedStages(region: string, options: { validate?: boolean; context?: Record<string, unknown> } = {}): { app: App; stacks: ChurnPredictionStack[] } {
  const { app, env } = pinnedApp(region, options);
  return { app, stacks: addChurnPredictionStages(app, env) };
}
