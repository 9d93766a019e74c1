import { App, Environment } from 'aws-cdk-lib';
import { createTestApp } from './app';

/** The account tests pin stacks to (AWS's documentation example account). */
export const TEST_ACCOUNT = '123456789012';

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
