import * as sagemaker from '@aws-cdk/aws-sagemaker-alpha';
import { Duration, Stack } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ChurnModelEndpoint, ChurnModelEndpointProps } from '../../lib/endpoint/churn-model-endpoint';
import { ShiftSize, TrafficShifting } from '../../lib/endpoint/deployment-guardrails';
import { VariantCapacity } from '../../lib/endpoint/variant-capacity';
import { ModelNetwork } from '../../lib/network/model-network';
import { createTestApp } from '../support/app';

/** The problems one construction reports (one error, one line per problem). */
function problemsOf(props: (stack: Stack) => ChurnModelEndpointProps): string[] {
  const stack = new Stack(createTestApp(), 'TestStack');
  try {
    new ChurnModelEndpoint(stack, 'Endpoint', props(stack));
  } catch (error) {
    const [headline, ...lines] = (error as Error).message.split('\n- ');
    expect(headline).toBe('Invalid ChurnModelEndpoint props:');
    return lines;
  }
  throw new Error('expected the construct to throw');
}

const instances = VariantCapacity.instances;
const serverless = VariantCapacity.serverless;

describe('ChurnModelEndpoint validation: instance variants', () => {
  test('When every scaling setting is wrong: one error names each problem', () => {
    expect(problemsOf(() => ({
      capacity: instances({
        instanceType: sagemaker.InstanceType.T2_MEDIUM,
        initialInstanceCount: 2,
        autoScaling: {
          minInstanceCount: 3,
          maxInstanceCount: 1.5,
          maxRequestsPerSecondPerInstance: 0,
          scalingSafetyFactor: 1.5,
          cpuUtilizationTargetPercent: 0,
          scaleOutCooldown: Duration.minutes(10),
          scaleInCooldown: Duration.minutes(1),
        },
      }),
    }))).toEqual([
      'capacity.instanceType ml.t2.medium is burstable; SageMaker cannot auto scale T-class instances',
      'capacity.autoScaling.maxInstanceCount must be a whole number ≥ 1, got 1.5',
      'capacity.autoScaling.minInstanceCount (3) must not exceed capacity.autoScaling.maxInstanceCount (1.5)',
            'capacity.autoScaling.maxRequestsPerSecondPerInstance must be > 0, got 0',
      'capacity.autoScaling.scalingSafetyFactor must be in (0, 1], got 1.5',
      'capacity.autoScaling.cpuUtilizationTargetPercent must be in (0, 100], got 0',
      'capacity.autoScaling.scaleInCooldown (60 s) must not be shorter than scaleOutCooldown (600 s)',
    ]);
  });

  test('When the instance count is zero: it is rejected, not treated as unset', () => {
    expect(problemsOf(() => ({ capacity: instances({ initialInstanceCount: 0 }) })))
      .toContain('capacity.initialInstanceCount must be a whole number ≥ 1, got 0');
  });

  test('When an instance size has no known vCPU count: the CPU target cannot be derived', () => {
    expect(problemsOf(() => ({ capacity: instances({ instanceType: sagemaker.InstanceType.of('ml.c5.metal') }) })))
      .toEqual(['capacity.instanceType ml.c5.metal has a size whose vCPU count is unknown (needed for the CPU scaling target)']);
  });

  test('When a multi-AZ endpoint could drop to one instance (at creation, at its minimum, by schedule): each is named', () => {
    expect(problemsOf(() => ({
      requireMultiAz: true,
      capacity: instances({
        initialInstanceCount: 1,
        autoScaling: { schedules: [{ id: 'Night', schedule: appscaling.Schedule.cron({ hour: '20', minute: '0' }), minInstanceCount: 1 }] },
      }),
    }))).toEqual([
      'capacity.initialInstanceCount must be ≥ 2 to span Availability Zones (requireMultiAz), got 1',
      'capacity.autoScaling.minInstanceCount must be ≥ 2 to span Availability Zones (requireMultiAz), got 1',
      'capacity.autoScaling.schedules (Night).minInstanceCount must be ≥ 2 to span Availability Zones (requireMultiAz), got 1',
    ]);
  });

  test('When schedules are malformed: empty, inverted, fractional and duplicated ones are each named', () => {
    const at = appscaling.Schedule.cron({ hour: '6', minute: '0' });
    expect(problemsOf(() => ({
      capacity: instances({
        autoScaling: {
          schedules: [
            { id: 'Empty', schedule: at },
            { id: 'Inverted', schedule: at, minInstanceCount: 3, maxInstanceCount: 2 },
            { id: 'Inverted', schedule: at, minInstanceCount: 0.5 },
          ],
        },
      }),
    }))).toEqual([
      'capacity.autoScaling.schedules (Empty) must set minInstanceCount, maxInstanceCount or both',
      'capacity.autoScaling.schedules (Inverted).minInstanceCount (3) must not exceed its maxInstanceCount (2)',
      'capacity.autoScaling.schedules: id "Inverted" is used more than once',
      'capacity.autoScaling.schedules (Inverted).minInstanceCount must be a whole number ≥ 1, got 0.5',
    ]);
  });

  test('When a local-NVMe instance type gets a volume key: SageMaker would reject it', () => {
    expect(problemsOf((stack) => ({
      capacity: instances({ instanceType: sagemaker.InstanceType.of('ml.c5d.xlarge') }),
      volumeEncryptionKey: new kms.Key(stack, 'Key'),
    }))).toEqual(['capacity.instanceType ml.c5d.xlarge has local NVMe storage, which SageMaker encrypts itself; it rejects a volume KMS key with it']);
  });
});

describe('ChurnModelEndpoint validation: variants and routing', () => {
  test('When names, weights and routing are wrong: one error names each problem', () => {
    expect(problemsOf(() => ({
      variants: [
        { variantName: 'A', initialWeight: 0 },
        { variantName: 'A', initialWeight: -1 },
        { variantName: 'bad_name!' },
      ],
      shadowVariant: { variantName: 'Shadow' },
      targetableVariantNames: ['A', 'Shadow', 'Missing'],
    }))).toEqual([
      'variants: variant name "A" is used more than once',
      'variants[0].initialWeight must be > 0, got 0',
      'variants[1].initialWeight must be > 0, got -1',
      'variants[2].variantName "bad_name!" must be 1-63 letters, digits and hyphens, starting and ending with a letter or digit',
      'shadowVariant needs exactly one production variant, got 3',
      'targetableVariantNames: "Shadow" is the shadow variant; requests cannot target it',
      'targetableVariantNames: "Missing" is not a production variant (A, A, bad_name!)',
    ]);
  });

  test('When both variants and the single-variant shorthand are given: it says which to drop', () => {
    expect(problemsOf(() => ({ variants: [{ variantName: 'A' }], capacity: instances() })))
      .toEqual(['variants: give either variants or the single-variant model/modelData/capacity, not both']);
  });

  test('When there are more than 10 production variants (and so more than 10 rollback alarms): both limits are named', () => {
    const variants = Array.from({ length: 11 }, (_, index) => ({ variantName: `V${index}`, capacity: instances({ initialInstanceCount: 1 }) }));
    expect(problemsOf(() => ({ variants }))).toEqual([
      'variants must list 1 to 10 production variants, got 11',
      'deployment.autoRollback takes at most 10 alarms (2 per production variant); 11 variants need 22',
    ]);
  });

  test('When six variants would need twelve rollback alarms: auto rollback can be turned off instead', () => {
    const variants = Array.from({ length: 6 }, (_, index) => ({ variantName: `V${index}`, capacity: instances({ initialInstanceCount: 1 }) }));
    expect(problemsOf(() => ({ variants }))).toEqual(['deployment.autoRollback takes at most 10 alarms (2 per production variant); 6 variants need 12']);
    expect(() => new ChurnModelEndpoint(new Stack(createTestApp(), 'S'), 'Endpoint', { variants, deployment: { autoRollback: false } })).not.toThrow();
  });
});

describe('ChurnModelEndpoint validation: serverless', () => {
  test('When serverless sizes are out of range: each is named', () => {
    expect(problemsOf(() => ({ capacity: serverless({ memorySizeInMB: 1500, maxConcurrency: 201, provisionedConcurrency: 300 }) }))).toEqual([
      'capacity.memorySizeInMB must be one of 1024, 2048, 3072, 4096, 5120, 6144, got 1500',
      'capacity.maxConcurrency must be a whole number from 1 to 200, got 201',
      'capacity.provisionedConcurrency must be a whole number from 1 to maxConcurrency (201), got 300',
    ]);
  });

  test('When a serverless endpoint asks for what SageMaker Serverless Inference excludes: each is named', () => {
    const lines = problemsOf((stack) => ({
      variants: [{ variantName: 'Serverless', capacity: serverless() }, { variantName: 'Other', capacity: instances() }],
      network: new ModelNetwork(stack, 'Network', { encryptionKey: new kms.Key(stack, 'FlowLogKey') }),
      networkIsolation: true,
      dataCapture: { encryptionKey: new kms.Key(stack, 'CaptureKey') },
      volumeEncryptionKey: new kms.Key(stack, 'VolumeKey'),
    }));
    expect(lines).toEqual([
      'variants: serverless endpoints support one production variant and no shadow variant',
      'network is not available with serverless capacity: serverless endpoints cannot run in a VPC',
      'networkIsolation is not available with serverless capacity',
      'dataCapture is not available with serverless capacity',
      'volumeEncryptionKey is not available with serverless capacity: there is no instance storage volume to encrypt',
    ]);
  });

  test('When a serverless endpoint shifts traffic by instance count: it is told to use a percentage', () => {
    expect(problemsOf(() => ({
      capacity: serverless(),
      deployment: { trafficShifting: TrafficShifting.canary({ size: ShiftSize.instances(1), wait: Duration.minutes(5) }) },
    }))).toEqual(['deployment CANARY size in instances needs instance variants; use ShiftSize.percent for a serverless variant']);
  });
});

describe('ChurnModelEndpoint validation: deployment, alarms, capture, network', () => {
  test('When the deployment guardrails exceed SageMaker\'s limits: each is named', () => {
    expect(problemsOf(() => ({
      capacity: instances({ initialInstanceCount: 4 }),
      deployment: {
        trafficShifting: TrafficShifting.linear({ stepSize: ShiftSize.percent(60), wait: Duration.hours(2) }),
        bakeTime: Duration.hours(2),
        maximumExecutionTimeout: Duration.minutes(5),
      },
    }))).toEqual([
      'deployment traffic-shifting wait must be at most 1 hour, got 7200 s',
      'deployment bakeTime must be at most 1 hour, got 7200 s',
      'deployment maximumExecutionTimeout must be 10 minutes to 8 hours, got 300 s',
      'deployment maximumExecutionTimeout (300 s) must exceed the shifting wait plus the bake time (14400 s)',
      'deployment LINEAR size 60% must be 10-50% of a variant\'s 4 minimum instance(s)',
    ]);
  });

  test('When a canary is more than half of the smallest fleet, or not whole: it is named', () => {
    expect(problemsOf(() => ({
      capacity: instances({ initialInstanceCount: 2 }),
      deployment: { trafficShifting: TrafficShifting.canary({ size: ShiftSize.instances(1.5), wait: Duration.minutes(5) }) },
    }))).toEqual([
      'deployment CANARY size must be a whole number ≥ 1, got 1.5',
      'deployment CANARY size 1.5 instance(s) must be at most 50% of a variant\'s 2 minimum instance(s)',
    ]);
  });

  test('When rollback thresholds and capture settings are out of range: each is named', () => {
    expect(problemsOf((stack) => ({
      rollbackAlarms: { maxErrorRatePercent: 0, modelLatencyP99Threshold: Duration.millis(0) },
      dataCapture: { encryptionKey: new kms.Key(stack, 'Key'), samplingPercentage: 0, retention: Duration.minutes(90) },
    }))).toEqual([
      'dataCapture.samplingPercentage must be a whole number from 1 to 100, got 0',
      'dataCapture.retention must be whole days, at least 1, got 1 hour 30 minutes',
      'rollbackAlarms.maxErrorRatePercent must be in (0, 100], got 0',
      'rollbackAlarms.modelLatencyP99Threshold must be > 0',
    ]);
  });

  test('When a network of yours has subnets in one Availability Zone: it is named', () => {
    expect(problemsOf((stack) => {
      const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
        vpcId: 'vpc-0a1b2c3d4e5f60718', availabilityZones: ['eu-west-1a'], isolatedSubnetIds: ['subnet-0a1b2c3d4e5f60718'], isolatedSubnetRouteTableIds: ['rtb-0a1b2c3d4e5f60718'],
      });
      const securityGroup = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-0a1b2c3d4e5f60718');
      return { network: { vpc, subnets: vpc.isolatedSubnets, securityGroups: [securityGroup], ready: securityGroup } };
    })).toEqual(['network subnets must span at least 2 Availability Zones, got 1']);
  });
});
