import { DescribeAvailabilityZonesCommand, DescribeInstanceTypeOfferingsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { checkAvailabilityZones, ec2InstanceTypeOf, ZonePlacement } from '../../../scripts/preflight/availability-zone-check';

const ec2 = mockClient(EC2Client);
// us-east-1 in an account whose names map to these IDs; use1-az3 offers no c5 (older hardware).
const ZONES = [
  { ZoneName: 'us-east-1a', ZoneId: 'use1-az3' },
  { ZoneName: 'us-east-1b', ZoneId: 'use1-az1' },
  { ZoneName: 'us-east-1c', ZoneId: 'use1-az2' },
];
const PLACEMENT: ZonePlacement = { instanceType: 'ml.c5.xlarge', defaultZoneCount: 2 };

function offeredIn(...zoneIds: string[]) {
  ec2.on(DescribeInstanceTypeOfferingsCommand).resolves({
    InstanceTypeOfferings: zoneIds.map((Location) => ({ InstanceType: 'c5.xlarge', LocationType: 'availability-zone-id', Location })),
  });
}

const check = (placement: Partial<ZonePlacement> = {}) => checkAvailabilityZones(new EC2Client({}), { ...PLACEMENT, ...placement });

beforeEach(() => {
  ec2.reset();
  ec2.on(DescribeAvailabilityZonesCommand).resolves({ AvailabilityZones: ZONES });
});

describe('SageMaker instance type in the VPC\'s zones', () => {
  test('an ml. type runs on its EC2 counterpart', () => {
    expect(ec2InstanceTypeOf('ml.c5.xlarge')).toBe('c5.xlarge');
  });

  test('passes when every zone the VPC takes offers the type, asking by zone ID', async () => {
    offeredIn('use1-az3', 'use1-az1', 'use1-az2');
    const result = await check();
    expect(result).toEqual({
      check: 'SageMaker instance type in the VPC\'s zones', ok: true, fix: '',
      detail: 'c5.xlarge offered in every zone of the VPC (from the region\'s first zones): us-east-1a (use1-az3) ✓, us-east-1b (use1-az1) ✓',
    });
    expect(ec2.commandCalls(DescribeInstanceTypeOfferingsCommand)[0].args[0].input).toEqual({
      LocationType: 'availability-zone-id', Filters: [{ Name: 'instance-type', Values: ['c5.xlarge'] }],
    });
  });

  test('fails when a default zone\'s ID lacks the type, and names two zones that offer it', async () => {
    offeredIn('use1-az1', 'use1-az2');
    const result = await check();
    expect(result.ok).toBe(false);
    expect(result.detail).toBe('c5.xlarge not offered in us-east-1a; zones from the region\'s first zones: us-east-1a (use1-az3) ✗, us-east-1b (use1-az1) ✓');
    expect(result.fix).toBe('set availabilityZones on the stage (lib/stage-config.ts) to two of: us-east-1b (use1-az1), us-east-1c (use1-az2)');
  });

  test('the stage\'s availabilityZones win over cdk.context.json, which wins over the region\'s order', async () => {
    offeredIn('use1-az1', 'use1-az2');
    expect((await check({ configuredZoneNames: ['us-east-1b', 'us-east-1c'], contextZoneNames: ['us-east-1a', 'us-east-1b'] })).ok).toBe(true);
    const fromContext = await check({ contextZoneNames: ['us-east-1c', 'us-east-1b', 'us-east-1a'] });
    expect(fromContext.ok).toBe(true);
    expect(fromContext.detail).toContain('from cdk.context.json');
  });

  test('fails when fewer than two zones offer the type at all', async () => {
    offeredIn('use1-az2');
    expect((await check()).fix).toBe('fewer than two zones offer c5.xlarge here: choose another instance type or region');
  });

  test('fails on a configured zone name the account does not have', async () => {
    offeredIn('use1-az1');
    const result = await check({ configuredZoneNames: ['us-east-1a', 'us-east-1z'] });
    expect(result).toMatchObject({ ok: false, detail: 'us-east-1z (from availabilityZones) is not an available zone of this account and region' });
  });

  test('an access-denied call fails the check with the permissions to grant, not a crash', async () => {
    ec2.on(DescribeAvailabilityZonesCommand).rejects(Object.assign(new Error('not allowed'), { name: 'UnauthorizedOperation', $metadata: { httpStatusCode: 403 } }));
    const result = await check();
    expect(result.ok).toBe(false);
    expect(result.fix).toMatch(/allow ec2:DescribeAvailabilityZones and ec2:DescribeInstanceTypeOfferings/);
  });
});
