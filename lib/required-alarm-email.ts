import { CfnParameter, Stack } from 'aws-cdk-lib';

/** An e-mail address, as the stage settings check it. */
const EMAIL_PATTERN = '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$';

/**
 * A required stack parameter `AlarmEmail`, for a stage that must page someone (Prod) and names no
 * one in its settings. It has no default, so CloudFormation refuses to create or update the stack
 * until an address is given ("If you don't specify a default value, you must specify a value when
 * you create the stack", CloudFormation User Guide, "Parameters"), before anything is created.
 * Only that stage's deploy is refused: other stages, and every synth, go on as before.
 * The CDK CLI reuses the value on later deploys (`--previous-parameters`, on by default).
 */
export function requiredAlarmEmailParameter(stack: Stack, stackName: string): string {
  return new CfnParameter(stack, 'AlarmEmail', {
    type: 'String',
    allowedPattern: EMAIL_PATTERN,
    constraintDescription: 'must be an e-mail address',
    description: `Who the alarms page (required): npx cdk deploy ${stackName} --parameters AlarmEmail=oncall@example.com, `
      + 'or set alarmEmail in the stage settings (lib/stage-config.ts). Confirm the two subscription e-mails SNS sends.',
  }).valueAsString;
}
