import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, DependencyGroup, IDependable } from 'constructs';
import { throwIfProblems } from '../invalid-props-error';
import { acknowledgeFlowLogRolePolicy, createFlowLogRole } from './flow-log-role';

/** What a SageMaker model needs to run in a VPC. */
export interface IModelNetwork {
  /** The VPC the model's network interfaces live in. */
  readonly vpc: ec2.IVpc;
  /** The subnets, in at least two Availability Zones. */
  readonly subnets: ec2.ISubnet[];
  /** Security groups of the model's network interfaces. */
  readonly securityGroups: ec2.ISecurityGroup[];
  /** Resources that must exist before an endpoint can fetch its model (e.g. the S3 gateway endpoint). */
  readonly ready: IDependable;
}

export interface ModelNetworkProps {
  /**
   * A VPC of yours. Its subnets must reach S3 (an S3 gateway endpoint or a NAT); none is added to it.
   * @default - a new VPC with isolated subnets in two Availability Zones, no NAT and no internet
   *   gateway, an S3 gateway endpoint, flow logs and its default security group's rules revoked
   */
  readonly vpc?: ec2.IVpc;
  /**
   * Which subnets of `vpc` the model uses.
   * @default - the VPC's isolated subnets, or its private subnets when it has no isolated ones
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Availability Zone names of the new VPC's subnets, for a stack pinned to an account and region.
   * SageMaker offers instance types per AZ ID ("Supported Availability Zones" of SageMaker's
   * instance-types-az page), and AZ names map to different IDs in each account.
   * @default - the region's first two zones
   */
  readonly availabilityZones?: readonly string[];
  /**
   * Encrypts the new VPC's flow-log group. Its policy must let CloudWatch Logs use it.
   * @default - required when no `vpc` is given
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * How long the new VPC's flow logs are kept.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly flowLogRetention?: logs.RetentionDays;
}

/**
 * The network a SageMaker model runs in: subnets in at least two Availability Zones (SageMaker
 * spreads an endpoint's instances over them), a security group that admits nothing and lets out
 * only HTTPS, and, when the VPC is created here, an S3 gateway endpoint so the model archive is
 * fetched without a NAT ("If your model requires model files in Amazon S3, then the model Amazon
 * VPC needs to have an Amazon S3 VPC endpoint", SageMaker Developer Guide, host-vpc).
 */
export class ModelNetwork extends Construct implements IModelNetwork {
  public readonly vpc: ec2.IVpc;
  public readonly subnets: ec2.ISubnet[];
  public readonly securityGroups: ec2.ISecurityGroup[];
  public readonly ready: IDependable;
  /** The security group created for the model's network interfaces. */
  public readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: ModelNetworkProps = {}) {
    super(scope, id);
    throwIfProblems('ModelNetwork props', [
      ...(props.vpc === undefined && props.encryptionKey === undefined ? ['encryptionKey is required to encrypt the flow logs of the VPC created here'] : []),
      ...modelNetworkProblems(props),
    ]);

    const ready = new DependencyGroup();
    if (props.vpc !== undefined) {
      this.vpc = props.vpc;
    } else {
      const vpc = new ec2.Vpc(this, 'Vpc', {
        ...(props.availabilityZones === undefined ? { maxAzs: 2 } : { availabilityZones: [...props.availabilityZones] }),
        natGateways: 0,
        subnetConfiguration: [{ name: 'Model', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
        // Nothing uses the default security group, but anything launched into the VPC without a group
        // gets it, and it allows all traffic between its members and all outbound traffic (VPC User
        // Guide, "Default security groups for your VPCs"). CloudFormation cannot remove its rules, so
        // aws-cdk-lib's custom resource revokes them: a Lambda function CloudFormation calls when the
        // VPC is created or updated, whose role may change this one group's rules only.
        restrictDefaultSecurityGroup: true,
      });
      const s3Endpoint = vpc.addGatewayEndpoint('S3', {
        service: ec2.GatewayVpcEndpointAwsService.S3,
        subnets: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
      });
      const flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
        retention: props.flowLogRetention ?? logs.RetentionDays.ONE_MONTH,
        encryptionKey: props.encryptionKey,
      });
      const flowLogRole = createFlowLogRole(this, 'FlowLogRole');
      vpc.addFlowLog('FlowLog', {
        destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup, flowLogRole),
        trafficType: ec2.FlowLogTrafficType.ALL,
      });
      acknowledgeFlowLogRolePolicy(flowLogRole);
      ready.add(s3Endpoint);
      this.vpc = vpc;
    }

    this.subnets = this.vpc.selectSubnets(props.vpcSubnets ?? defaultModelSubnets(this.vpc)).subnets;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: this.vpc,
      description: 'Churn model endpoint: no ingress; HTTPS out (S3 for the model archive)',
      allowAllOutbound: false,
    });
    // Without a NAT or internet gateway, the only HTTPS destination the subnets route to is S3's
    // gateway endpoint. Its prefix list id would need a context lookup, which keeps synth offline-hostile.
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to S3 through the gateway endpoint');
    this.securityGroups = [this.securityGroup];
    ready.add(this.securityGroup);
    this.ready = ready;
  }
}

/** The subnets a model uses in a VPC of the user's when none are chosen: isolated ones, else private ones. */
export function defaultModelSubnets(vpc: ec2.IVpc): ec2.SubnetSelection {
  return { subnetType: vpc.isolatedSubnets.length > 0 || vpc.privateSubnets.length === 0 ? ec2.SubnetType.PRIVATE_ISOLATED : ec2.SubnetType.PRIVATE_WITH_EGRESS };
}

/** How problems name the props that choose subnets and zones (the service's `network` words them its way). */
export interface ModelNetworkPaths {
  readonly vpcSubnets: string;
  readonly availabilityZones: string;
}

const PROP_NAMES: ModelNetworkPaths = { vpcSubnets: 'vpcSubnets', availabilityZones: 'availabilityZones' };

/**
 * The problems with a model network's props (empty when valid), each starting with its prop path.
 * With a VPC of the user's, the subnet selection is checked too: it must find subnets in two or
 * more Availability Zones.
 */
export function modelNetworkProblems(props: ModelNetworkProps, paths: ModelNetworkPaths = PROP_NAMES): string[] {
  const problems: string[] = [];
  const { vpcSubnets: subnetsPath, availabilityZones: zonesPath } = paths;
  if (props.vpc !== undefined && props.availabilityZones !== undefined) {
    problems.push('availabilityZones places the subnets of the VPC created here; select zones of your VPC with vpcSubnets');
  }
  if (props.vpc === undefined && props.vpcSubnets !== undefined) {
    problems.push('vpcSubnets selects subnets of a VPC of yours; give vpc too');
  }
  if (props.availabilityZones !== undefined && new Set(props.availabilityZones).size < 2) {
    problems.push(`${zonesPath} must name at least 2 distinct zones, got ${props.availabilityZones.length}`);
  }
  if (props.vpc !== undefined) {
    const selection = props.vpcSubnets ?? defaultModelSubnets(props.vpc);
    let zones: string[] | undefined;
    try {
      zones = props.vpc.selectSubnets(selection).subnets.map((subnet) => subnet.availabilityZone);
    } catch (error) {
      problems.push(`${subnetsPath}: ${(error as Error).message}; choose the model's subnets of the VPC`);
    }
    if (zones !== undefined && availabilityZoneCount(zones) < 2) {
      problems.push(`${subnetsPath} must select subnets in at least 2 Availability Zones, got ${availabilityZoneCount(zones)}`);
    }
  }
  return problems;
}

/**
 * Distinct Availability Zones among subnets' zones. In an environment-agnostic stack a zone is an
 * `Fn::Select` token shared by the subnets in it, so distinct zones are distinct strings there too.
 */
export function availabilityZoneCount(zones: readonly string[]): number {
  return new Set(zones).size;
}
