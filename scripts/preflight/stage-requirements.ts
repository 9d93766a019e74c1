import { StageSettings } from '../../lib/stage-config';

/** The endpoint capacity a stage deploys with instances. */
export interface InstanceEndpointRequirements {
  readonly kind: 'instances';
  /** SageMaker instance type, e.g. `ml.c5.xlarge`. */
  readonly instanceType: string;
  /** Instances at creation. */
  readonly initialInstanceCount: number;
  /** Most instances auto scaling adds. */
  readonly maxInstanceCount: number;
}

/** The endpoint capacity a serverless stage deploys. */
export interface ServerlessEndpointRequirements {
  readonly kind: 'serverless';
  /** Most concurrent invocations of the endpoint. */
  readonly maxConcurrency: number;
}

/**
 * What a stage needs from an account and region before `cdk deploy`: the facts of its settings the
 * preflight checks, and nothing else. The checks take this plain object, never `StageSettings`, so a
 * change of settings changes only {@link stageRequirementsOf}.
 */
export interface StageRequirements {
  /** The stage's name, e.g. `Prod`. */
  readonly stageName: string;
  /** The stage's stack, `ChurnPrediction-{stageName}`. */
  readonly stackName: string;
  /**
   * Whether the stage's stack sets API Gateway's account-level CloudWatch Logs role itself
   * (`AWS::ApiGateway::Account`). When false, someone else must have set it in the account and region.
   */
  readonly ownsApiGatewayAccountRole: boolean;
  /** Concurrent executions the prediction function reserves, if any. */
  readonly reservedConcurrency?: number;
  /** The endpoint's compute. */
  readonly endpoint: InstanceEndpointRequirements | ServerlessEndpointRequirements;
  /** The VPC the stage creates for its model, if any: zone names it sets (else the region's first two). */
  readonly vpc?: { readonly availabilityZones?: readonly string[] };
  /** Whether the stage must have someone subscribed to its alarms. */
  readonly alarmSubscriptionRequired: boolean;
  /** Addresses subscribed to the stage's alarms. */
  readonly alarmEmails: readonly string[];
}

/**
 * Whether a stage's stack owns API Gateway's account-level CloudWatch Logs role: the stage's
 * `ownsApiGatewayAccountRole` setting, true by default (the stack sets the role, so a fresh account works).
 */
export function ownsApiGatewayAccountRole(settings: StageSettings): boolean {
  return settings.api.ownsApiGatewayAccountRole ?? true;
}

/** The requirements of a stage, read from its settings (`lib/stage-config.ts`). */
export function stageRequirementsOf(settings: StageSettings): StageRequirements {
  const { capacity } = settings.endpoint;
  return {
    stageName: settings.name,
    stackName: `ChurnPrediction-${settings.name}`,
    ownsApiGatewayAccountRole: ownsApiGatewayAccountRole(settings),
    reservedConcurrency: settings.predictions.reservedConcurrentExecutions,
    endpoint: capacity.kind === 'instances'
      ? {
        kind: 'instances',
        instanceType: capacity.instanceType,
        initialInstanceCount: capacity.initialInstanceCount ?? capacity.autoScaling.minInstanceCount,
        maxInstanceCount: capacity.autoScaling.maxInstanceCount,
      }
      : { kind: 'serverless', maxConcurrency: capacity.maxConcurrency },
    vpc: settings.network.kind === 'managed-vpc' ? { availabilityZones: settings.network.availabilityZones } : undefined,
    // The stage setting behind the stack's required AlarmEmail parameter (lib/required-alarm-email.ts).
    alarmSubscriptionRequired: settings.monitoring.requireAlarmSubscription === true,
    alarmEmails: settings.monitoring.alarmEmail === undefined ? [] : [settings.monitoring.alarmEmail],
  };
}
