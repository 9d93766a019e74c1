import { checkAlarmSubscription } from '../../../scripts/preflight/alarm-subscription-check';

describe('alarm subscription check', () => {
  test('Prod without an alarm subscription fails, pointing at alarmEmail and the AlarmEmail parameter', () => {
    expect(checkAlarmSubscription({ stageName: 'Prod', alarmSubscriptionRequired: true, alarmEmails: [] })).toEqual({
      check: 'Alarm subscription', ok: false,
      detail: 'Prod has no alarm subscription: its alarms would reach no one',
      fix: 'set alarmEmail in the Prod settings (lib/stage-config.ts), or deploy with --parameters AlarmEmail=<address> '
        + '(CloudFormation refuses the deploy without one); confirm the subscription e-mails',
    });
  });

  test('Prod with an address passes, naming it', () => {
    expect(checkAlarmSubscription({ stageName: 'Prod', alarmSubscriptionRequired: true, alarmEmails: ['oncall@example.com'] }))
      .toMatchObject({ ok: true, detail: expect.stringContaining('alarms e-mail oncall@example.com') });
  });

  test('Dev needs none', () => {
    expect(checkAlarmSubscription({ stageName: 'Dev', alarmSubscriptionRequired: false, alarmEmails: [] }))
      .toMatchObject({ ok: true, detail: expect.stringContaining('Dev has none, and needs none') });
  });
});
