import { DescribeAvailabilityZonesCommand, DescribeInstanceTypeOfferingsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { failedCall } from './failed-call';
import { failed, passed, PreflightResult } from './preflight-result';

const CHECK = 'SageMaker instance type in the VPC\'s zones';

/** Where a stage's VPC puts its subnets, and what must run there. */
export interface ZonePlacement {
  /** The SageMaker instance type, e.g. `ml.c5.xlarge`. */
  readonly instanceType: string;
  /** Zone names the stage sets (`availabilityZones`), if any. */
  readonly configuredZoneNames?: readonly string[];
  /** Zone names a previous pinned synth recorded in cdk.context.json for this region, if any. */
  readonly contextZoneNames?: readonly string[];
  /** How many zones the VPC takes when none are configured (the first ones of the region). */
  readonly defaultZoneCount: number;
}

/**
 * The EC2 instance type an `ml.` instance type runs on (`ml.c5.xlarge` → `c5.xlarge`). An
 * assumption, not a documented mapping: SageMaker hosting instances are EC2 instances of that family
 * and size, so a zone that offers no `c5.xlarge` is taken to offer no `ml.c5.xlarge` either.
 */
export function ec2InstanceTypeOf(instanceType: string): string {
  return instanceType.replace(/^ml\./, '');
}

/**
 * SageMaker offers instance types per Availability Zone ID ("Supported Availability Zones",
 * SageMaker developer guide, instance-types-az), and AZ names map to different IDs in every account
 * (EC2 user guide, "AZ IDs"). The VPC takes its zones by name: the stage's `availabilityZones`,
 * else what cdk.context.json recorded, else the region's first zones. This maps those names to the
 * account's IDs (DescribeAvailabilityZones) and checks that each ID offers the instance type's EC2
 * counterpart (DescribeInstanceTypeOfferings by availability-zone-id).
 */
export async function checkAvailabilityZones(ec2: EC2Client, placement: ZonePlacement): Promise<PreflightResult> {
  const ec2Type = ec2InstanceTypeOf(placement.instanceType);
  let zones: { name: string; id: string }[];
  let offeredIds: Set<string>;
  try {
    const described = await ec2.send(new DescribeAvailabilityZonesCommand({
      Filters: [{ Name: 'zone-type', Values: ['availability-zone'] }, { Name: 'state', Values: ['available'] }],
    }));
    zones = (described.AvailabilityZones ?? []).flatMap((zone) => (zone.ZoneName !== undefined && zone.ZoneId !== undefined ? [{ name: zone.ZoneName, id: zone.ZoneId }] : []));
    const offerings = await ec2.send(new DescribeInstanceTypeOfferingsCommand({
      LocationType: 'availability-zone-id',
      Filters: [{ Name: 'instance-type', Values: [ec2Type] }],
    }));
    offeredIds = new Set((offerings.InstanceTypeOfferings ?? []).flatMap((offering) => (offering.Location === undefined ? [] : [offering.Location])));
  } catch (error) {
    return failedCall(CHECK, 'ec2:DescribeAvailabilityZones and ec2:DescribeInstanceTypeOfferings', error);
  }
  const chosenNames = placement.configuredZoneNames ?? placement.contextZoneNames?.slice(0, placement.defaultZoneCount)
    ?? zones.slice(0, placement.defaultZoneCount).map((zone) => zone.name);
  const source = placement.configuredZoneNames !== undefined ? 'availabilityZones' : placement.contextZoneNames !== undefined ? 'cdk.context.json' : 'the region\'s first zones';
  const idOf = new Map(zones.map((zone) => [zone.name, zone.id]));
  const unknown = chosenNames.filter((name) => !idOf.has(name));
  if (unknown.length > 0) {
    return failed(CHECK, `${unknown.join(', ')} (from ${source}) is not an available zone of this account and region`, 'set availabilityZones on the stage to zones of the region');
  }
  const described = chosenNames.map((name) => `${name} (${idOf.get(name)}) ${offeredIds.has(idOf.get(name)!) ? '✓' : '✗'}`).join(', ');
  const missing = chosenNames.filter((name) => !offeredIds.has(idOf.get(name)!));
  if (missing.length === 0) return passed(CHECK, `${ec2Type} offered in every zone of the VPC (from ${source}): ${described}`);
  const offering = zones.filter((zone) => offeredIds.has(zone.id)).map((zone) => `${zone.name} (${zone.id})`);
  return failed(
    CHECK,
    `${ec2Type} not offered in ${missing.join(', ')}; zones from ${source}: ${described}`,
    offering.length >= 2
      ? `set availabilityZones on the stage (lib/stage-config.ts) to two of: ${offering.join(', ')}`
      : `fewer than two zones offer ${ec2Type} here: choose another instance type or region`,
  );
}
