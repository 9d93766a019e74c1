import { failed, passed, PreflightResult } from './preflight-result';

const CHECK = 'Alarm subscription';

/**
 * A stage that pages people (Prod) has someone subscribed to its alarm topics: without a
 * subscription every alarm, the paging composite included, reaches no one. Read from the stage's
 * settings; no AWS call.
 */
export function checkAlarmSubscription(requirements: {
  readonly stageName: string;
  readonly alarmSubscriptionRequired: boolean;
  readonly alarmEmails: readonly string[];
}): PreflightResult {
  if (requirements.alarmEmails.length > 0) {
    return passed(CHECK, `alarms e-mail ${requirements.alarmEmails.join(', ')} (confirm the subscription e-mails SNS sends)`);
  }
  if (!requirements.alarmSubscriptionRequired) {
    return passed(CHECK, `${requirements.stageName} has none, and needs none (alarms still show in CloudWatch)`);
  }
  return failed(
    CHECK,
    `${requirements.stageName} has no alarm subscription: its alarms would reach no one`,
    `set alarmEmail in the ${requirements.stageName} settings (lib/stage-config.ts), or deploy with --parameters AlarmEmail=<address> `
      + '(CloudFormation refuses the deploy without one); confirm the subscription e-mails',
  );
}
