import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ModelNetworkProps } from './model-network';

/** A VPC the service creates for the model. */
export interface ManagedVpcOptions {
  /**
   * Availability Zone names of its subnets (stacks pinned to an account and region only). SageMaker
   * offers instance types per AZ ID, and names map to different IDs in each account.
   * @default - the region's first two zones
   */
  readonly availabilityZones?: readonly string[];
}

/** A VPC of the user's. */
export interface ExistingVpcOptions {
  /**
   * The model's subnets, in at least two Availability Zones; they must reach S3 (a gateway endpoint or a NAT).
   * @default - the VPC's isolated subnets, or its private subnets when it has no isolated ones
   */
  readonly subnets?: ec2.SubnetSelection;
}

/**
 * Where the model runs: SageMaker's managed network, a VPC the service creates (isolated subnets in
 * two Availability Zones, an S3 gateway endpoint, flow logs), or a VPC of the user's. A VPC is for
 * instance capacity only: serverless endpoints cannot run in one.
 */
export abstract class ServiceNetwork {
  /** SageMaker's managed network; no VPC. */
  public static none(): ServiceNetwork {
    return new NoNetwork();
  }

  /** A new VPC for the model: isolated subnets in two Availability Zones, no NAT, an S3 gateway endpoint. */
  public static managedVpc(options: ManagedVpcOptions = {}): ServiceNetwork {
    return new VpcNetwork({ availabilityZones: options.availabilityZones });
  }

  /** A VPC of the user's and, optionally, which of its subnets the model uses. */
  public static existingVpc(vpc: ec2.IVpc, options: ExistingVpcOptions = {}): ServiceNetwork {
    return new VpcNetwork({ vpc, vpcSubnets: options.subnets });
  }

  /**
   * The model network's props for this choice, without the encryption key and retention the
   * service adds, or undefined for no VPC.
   */
  public abstract modelNetworkProps(): ModelNetworkProps | undefined;
}

class NoNetwork extends ServiceNetwork {
  public modelNetworkProps(): undefined {
    return undefined;
  }
}

class VpcNetwork extends ServiceNetwork {
  constructor(private readonly props: ModelNetworkProps) {
    super();
  }

  public modelNetworkProps(): ModelNetworkProps {
    return this.props;
  }
}
