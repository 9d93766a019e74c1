import { Duration } from 'aws-cdk-lib';
import { alarmThresholdProblems, DEFAULT_ALARM_THRESHOLDS, resolveAlarmThresholds } from '../../lib/monitoring/core/alarm-thresholds';
import { monitoredEndpointProblems } from '../../lib/monitoring/endpoint/monitored-endpoint';

describe('alarm thresholds', () => {
  test('defaults are valid; each override replaces its default whole, undefined keeps it', () => {
    expect(alarmThresholdProblems(DEFAULT_ALARM_THRESHOLDS)).toEqual([]);
    const resolved = resolveAlarmThresholds({ api5xxRatePercent: { critical: 3 }, functionErrorRatePercent: undefined });
    expect(resolved.api5xxRatePercent).toEqual({ critical: 3 });
    expect(resolved.functionErrorRatePercent).toEqual({ warning: 1, critical: 5 });
    expect(resolved.minimumRequestsPerMinute).toBe(10);
  });

  test('When percentages, fractions and durations are out of range: each is named', () => {
    expect(alarmThresholdProblems(resolveAlarmThresholds({
      minimumRequestsPerMinute: 0,
      diskUtilizationPercent: { warning: 120 },
      functionDurationTimeoutFraction: 0,
      serverlessModelSetupTime: Duration.millis(0),
    }))).toEqual([
      'minimumRequestsPerMinute must be a whole number ≥ 1, got 0',
      'diskUtilizationPercent.warning must be in (0, 100], got 120',
      'functionDurationTimeoutFraction must be in (0, 1], got 0',
      'serverlessModelSetupTime must be > 0, got 0 millis',
    ]);
  });
});

describe('monitored endpoint', () => {
  test('When an instance variant\'s counts and ceiling are wrong: each is named with its variant', () => {
    expect(monitoredEndpointProblems({
      endpointName: 'e',
      variants: [{
        kind: 'instance', variantName: 'bad_name', minInstanceCount: 0, maxInstanceCount: 2, maxInvocationsPerInstancePerMinute: 0,
        scalingTargetInvocationsPerInstancePerMinute: 10, vcpusPerInstance: 2.5,
      }],
    })).toEqual([
      'variant "bad_name": variantName must be 1–63 letters, digits or inner hyphens',
      'variant "bad_name": minInstanceCount must be a whole number ≥ 1, got 0',
      'variant "bad_name": vcpusPerInstance must be a whole number ≥ 1, got 2.5',
      'variant "bad_name": maxInvocationsPerInstancePerMinute must be > 0, got 0',
      'variant "bad_name": scalingTargetInvocationsPerInstancePerMinute must be in (0, maxInvocationsPerInstancePerMinute], got 10',
    ]);
  });
});
