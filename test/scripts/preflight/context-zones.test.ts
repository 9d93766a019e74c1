import { contextZoneNames } from '../../../scripts/preflight/context-zones';

describe('contextZoneNames', () => {
  const key = (account: string, region: string) => `availability-zones:account=${account}:region=${region}`;

  test('reads the zones the CLI recorded for the region', () => {
    expect(contextZoneNames({ [key('111111111111', 'eu-west-1')]: ['eu-west-1a', 'eu-west-1b'], other: 1 }, 'eu-west-1'))
      .toEqual(['eu-west-1a', 'eu-west-1b']);
  });

  test('none for another region, and none when two accounts make it ambiguous', () => {
    expect(contextZoneNames({ [key('111111111111', 'eu-west-1')]: ['eu-west-1a'] }, 'us-east-1')).toBeUndefined();
    expect(contextZoneNames({ [key('111111111111', 'eu-west-1')]: ['a'], [key('222222222222', 'eu-west-1')]: ['b'] }, 'eu-west-1')).toBeUndefined();
  });
});
