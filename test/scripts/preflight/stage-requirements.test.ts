import { DEV, PROD } from '../../../lib/stage-config';
import { ownsApiGatewayAccountRole, stageRequirementsOf } from '../../../scripts/preflight/stage-requirements';

describe('stage requirements', () => {
  test('Prod: 2 to 6 ml.c5.xlarge instances, 200 reserved executions, alarms required', () => {
    expect(stageRequirementsOf(PROD)).toEqual({
      stageName: 'Prod',
      stackName: 'ChurnPrediction-Prod',
      ownsApiGatewayAccountRole: true,
      reservedConcurrency: 200,
      endpoint: { kind: 'instances', instanceType: 'ml.c5.xlarge', initialInstanceCount: 2, maxInstanceCount: 6 },
      vpc: { availabilityZones: undefined },
      alarmSubscriptionRequired: true,
      alarmEmails: [],
    });
  });

  test('a stage\'s zone names reach the zone check', () => {
    expect(stageRequirementsOf({ ...PROD, network: { kind: 'managed-vpc', availabilityZones: ['eu-west-1b', 'eu-west-1c'] } }).vpc).toEqual({ availabilityZones: ['eu-west-1b', 'eu-west-1c'] });
  });

  test('Dev: serverless with a maximum concurrency of 5, nothing reserved, alarms optional', () => {
    expect(stageRequirementsOf(DEV)).toEqual({
      stageName: 'Dev',
      stackName: 'ChurnPrediction-Dev',
      ownsApiGatewayAccountRole: true,
      reservedConcurrency: undefined,
      endpoint: { kind: 'serverless', maxConcurrency: 5 },
      alarmSubscriptionRequired: false,
      alarmEmails: [],
    });
  });

  test('a stage whose subscriptions are managed elsewhere (requireAlarmSubscription off) needs none', () => {
    expect(stageRequirementsOf({ ...PROD, monitoring: { ...PROD.monitoring, requireAlarmSubscription: false } }).alarmSubscriptionRequired).toBe(false);
  });

  test('the alarm address of the settings is the subscription', () => {
    expect(stageRequirementsOf({ ...PROD, monitoring: { ...PROD.monitoring, alarmEmail: 'oncall@example.com' } }).alarmEmails).toEqual(['oncall@example.com']);
  });

  test('who owns API Gateway\'s account role: the stage\'s setting when it has one, else the stack', () => {
    // The settings have no such field yet: a stage's stack owns the role (a fresh account works).
    expect(ownsApiGatewayAccountRole(PROD)).toBe(true);
    // A stage that declares it does not own the role is read as such.
    const sharedAccountStage = { ...PROD, api: { ...PROD.api, ownsApiGatewayAccountRole: false } };
    expect(ownsApiGatewayAccountRole(sharedAccountStage)).toBe(false);
    expect(stageRequirementsOf(sharedAccountStage).ownsApiGatewayAccountRole).toBe(false);
  });
});
