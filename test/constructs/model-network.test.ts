import { CfnElement, Stack } from 'aws-cdk-lib';
import { Capture, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ChurnModelEndpoint } from '../../lib/endpoint/churn-model-endpoint';
import { ModelNetwork } from '../../lib/network/model-network';
import { createTestApp } from '../support/app';

describe('ModelNetwork, new VPC, in an environment-agnostic stack', () => {
  const stack = new Stack(createTestApp(), 'TestStack');
  const key = new kms.Key(stack, 'Key');
  const network = new ModelNetwork(stack, 'Network', { encryptionKey: key });
  const template = Template.fromStack(stack);
  const id = (element: unknown) => stack.getLogicalId(element as CfnElement);

  test('two isolated subnets in two Availability Zones, no NAT, no internet gateway', () => {
    template.resourceCountIs('AWS::EC2::Subnet', 2);
    template.hasResourceProperties('AWS::EC2::Subnet', { AvailabilityZone: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }, MapPublicIpOnLaunch: false });
    template.hasResourceProperties('AWS::EC2::Subnet', { AvailabilityZone: { 'Fn::Select': [1, { 'Fn::GetAZs': '' }] }, MapPublicIpOnLaunch: false });
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::InternetGateway', 0);
    expect(network.subnets).toHaveLength(2);
  });

  test('an S3 gateway endpoint on both subnets\' route tables', () => {
    const routeTables = new Capture();
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.s3']] },
      RouteTableIds: routeTables,
    });
    expect(routeTables.asArray()).toHaveLength(2);
  });

  test('a security group that admits nothing and lets out HTTPS only', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: Match.absent(),
      SecurityGroupEgress: [{ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443, Description: Match.anyValue() }],
    });
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });

  test('flow logs of all traffic into a log group encrypted with the key', () => {
    template.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs' });
    template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: { 'Fn::GetAtt': [id(key.node.defaultChild), 'Arn'] }, RetentionInDays: 30 });
  });
});

describe('ChurnModelEndpoint in a ModelNetwork', () => {
  const stack = new Stack(createTestApp(), 'TestStack');
  const network = new ModelNetwork(stack, 'Network', { encryptionKey: new kms.Key(stack, 'Key') });
  const endpoint = new ChurnModelEndpoint(stack, 'Endpoint', { network });
  const template = Template.fromStack(stack);
  const id = (element: unknown) => stack.getLogicalId(element as CfnElement);
  const securityGroupId = id(network.securityGroup.node.defaultChild);

  test('the model runs in the two subnets behind the security group, network-isolated', () => {
    template.hasResourceProperties('AWS::SageMaker::Model', {
      EnableNetworkIsolation: true,
      VpcConfig: {
        SecurityGroupIds: [{ 'Fn::GetAtt': [securityGroupId, 'GroupId'] }],
        Subnets: network.subnets.map((subnet) => ({ Ref: id(subnet.node.defaultChild) })),
      },
    });
  });

  test('the endpoint is created only after the S3 gateway endpoint exists (the model is fetched through it)', () => {
    const s3EndpointId = Object.keys(template.findResources('AWS::EC2::VPCEndpoint'))[0];
    expect(template.findResources('AWS::SageMaker::Endpoint')[id(endpoint.cfnEndpoint)].DependsOn).toContain(s3EndpointId);
  });

  test('the execution role may manage network interfaces in this VPC only, and create them in these subnets', () => {
    const statements = new Capture();
    template.hasResourceProperties('AWS::IAM::Policy', { Roles: [{ Ref: id(endpoint.executionRole.node.defaultChild) }], PolicyDocument: { Statement: statements } });
    const byAction = (action: string) => statements.asArray().find((s: any) => [s.Action].flat().includes(action));
    const create = byAction('ec2:CreateNetworkInterface');
    expect(JSON.stringify(create.Resource)).toContain(':network-interface/*');
    expect(JSON.stringify(create.Resource)).toContain(securityGroupId);
    for (const subnet of network.subnets) expect(JSON.stringify(create.Resource)).toContain(id(subnet.node.defaultChild));
    const remove = byAction('ec2:DeleteNetworkInterface');
    expect(Object.keys(remove.Condition.ArnEquals)).toEqual(['ec2:Vpc']);
    expect(JSON.stringify(remove.Condition.ArnEquals['ec2:Vpc'])).toContain(`":vpc/",{"Ref":"${id(network.vpc.node.defaultChild)}"}`);
    expect(remove.Resource).toEqual(create.Resource[0]);
  });
});

describe('ModelNetwork validation', () => {
  test('When no VPC and no key are given: the flow logs cannot be encrypted', () => {
    expect(() => new ModelNetwork(new Stack(createTestApp(), 'S'), 'Network'))
      .toThrow(/encryptionKey is required to encrypt the flow logs of the VPC created here/);
  });

  test('When subnets are selected without a VPC: it is named', () => {
    expect(() => new ModelNetwork(new Stack(createTestApp(), 'S'), 'Network', {
      encryptionKey: undefined, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    })).toThrow(/encryptionKey is required[\s\S]*vpcSubnets selects subnets of a VPC of yours; give vpc too/);
  });

  test('When an existing VPC offers subnets in one zone only: it is rejected', () => {
    const stack = new Stack(createTestApp(), 'S');
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-0a1b2c3d4e5f60718', availabilityZones: ['eu-west-1a'], isolatedSubnetIds: ['subnet-0a1b2c3d4e5f60718'], isolatedSubnetRouteTableIds: ['rtb-0a1b2c3d4e5f60718'] });
    expect(() => new ModelNetwork(stack, 'Network', { vpc })).toThrow(/at least 2 Availability Zones, got 1/);
  });

  test('an existing VPC with subnets in two zones: used as is, nothing added to it but the security group', () => {
    const stack = new Stack(createTestApp(), 'S');
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: 'vpc-0a1b2c3d4e5f60718', availabilityZones: ['eu-west-1a', 'eu-west-1b'], privateSubnetIds: ['subnet-0a1b2c3d4e5f60718', 'subnet-0a1b2c3d4e5f60719'],
      privateSubnetRouteTableIds: ['rtb-0a1b2c3d4e5f60718', 'rtb-0a1b2c3d4e5f60719'],
    });
    const network = new ModelNetwork(stack, 'Network', { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::VPC', 0);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
    template.resourceCountIs('AWS::EC2::SecurityGroup', 1);
    expect(network.subnets.map((subnet) => subnet.subnetId)).toEqual(['subnet-0a1b2c3d4e5f60718', 'subnet-0a1b2c3d4e5f60719']);
  });
});

describe('ModelNetwork, new VPC: what a security review asks of it', () => {
  const stack = new Stack(createTestApp(), 'TestStack');
  const network = new ModelNetwork(stack, 'Network', { encryptionKey: new kms.Key(stack, 'Key') });
  const template = Template.fromStack(stack);
  const id = (element: unknown) => stack.getLogicalId(element as CfnElement);

  test('the VPC\'s default security group has its rules revoked (aws-cdk-lib\'s custom resource)', () => {
    template.hasResourceProperties('Custom::VpcRestrictDefaultSG', {
      DefaultSecurityGroupId: { 'Fn::GetAtt': [id((network.vpc as ec2.Vpc).node.defaultChild), 'DefaultSecurityGroup'] },
    });
  });

  test('the flow-log role is trusted by VPC Flow Logs only for flow logs of this account and region', () => {
    const roleArn = new Capture();
    template.hasResourceProperties('AWS::EC2::FlowLog', { DeliverLogsPermissionArn: roleArn });
    const role = template.findResources('AWS::IAM::Role')[roleArn.asObject()['Fn::GetAtt'][0]];
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([{
      Effect: 'Allow',
      Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: {
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        ArnLike: {
          'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ec2:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':vpc-flow-log/*']] },
        },
      },
    }]);
  });

  test('the flow-log role may write the flow-log group and nothing else', () => {
    const roleArn = new Capture();
    template.hasResourceProperties('AWS::EC2::FlowLog', { DeliverLogsPermissionArn: roleArn, LogGroupName: { Ref: id(network.node.findChild('FlowLogs').node.defaultChild) } });
    const policies = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy: any) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleArn.asObject()['Fn::GetAtt'][0] }])) as any[];
    expect(policies).toHaveLength(1);
    expect(policies[0].Properties.PolicyDocument.Statement).toEqual([{
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
      Resource: { 'Fn::GetAtt': [id(network.node.findChild('FlowLogs').node.defaultChild), 'Arn'] },
    }]);
  });
});
