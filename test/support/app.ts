import { App, AppProps } from 'aws-cdk-lib';
import * as fs from 'fs';
import * as path from 'path';

const CDK_JSON = path.join(__dirname, '..', '..', 'cdk.json');

/** The feature flags and settings of cdk.json, so tests synthesize what `cdk synth` does. */
export function projectContext(): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(CDK_JSON, 'utf8')).context;
}

/**
 * An App configured like the CLI's. Built-in CloudFormation validation is off unless asked for:
 * it adds seconds per synth and has a test of its own. Off means not run at all
 * (`builtinCloudFormationValidation: false`): with only the context flag false, aws-cdk-lib still
 * runs it and downgrades its findings to warnings, which cost about 3 s of CPU per test file.
 * Resources record no creation stack trace (`aws:cdk:disable-creation-stack-traces`): a manifest
 * metadata entry no test reads and templates do not hold, which under Jest's source-map support cost
 * about 15 ms per service built.
 */
export function createTestApp(options: { validate?: boolean } & AppProps = {}): App {
  const { validate = false, ...props } = options;
  return new App({
    builtinCloudFormationValidation: validate,
    ...props,
    context: {
      ...projectContext(),
      '@aws-cdk/core:validateAgainstDefaultRules': validate,
      'aws:cdk:disable-creation-stack-traces': true,
      ...props.context,
    },
  });
}
