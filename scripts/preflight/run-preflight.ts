import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { EC2Client } from '@aws-sdk/client-ec2';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { checkAlarmSubscription } from './alarm-subscription-check';
import { checkApiGatewayAccountRole } from './api-gateway-account-check';
import { checkAvailabilityZones } from './availability-zone-check';
import { checkBootstrapStack, REQUIRED_BOOTSTRAP_VERSION } from './bootstrap-check';
import { checkEndpointInstances } from './endpoint-instance-checks';
import { checkLambdaConcurrency } from './lambda-concurrency-check';
import { failed, PreflightResult } from './preflight-result';
import { checkServerlessQuotas } from './serverless-quota-checks';
import { StageRequirements } from './stage-requirements';

/** The AWS clients the checks use, created once for the region. */
export interface PreflightClients {
  readonly cloudFormation: CloudFormationClient;
  readonly apiGateway: APIGatewayClient;
  readonly lambda: LambdaClient;
  readonly serviceQuotas: ServiceQuotasClient;
  readonly ec2: EC2Client;
}

export interface PreflightOptions {
  readonly region: string;
  readonly toolkitStackName: string;
  /** Zone names a pinned synth recorded in cdk.context.json for the region, if any. */
  readonly contextZoneNames?: readonly string[];
}

/** A check that threw despite handling its AWS errors still becomes a failed row, not a crash. */
export async function guarded(check: string, run: () => Promise<PreflightResult | PreflightResult[]>): Promise<PreflightResult[]> {
  try {
    const result = await run();
    return Array.isArray(result) ? result : [result];
  } catch (error) {
    return [failed(check, `the check itself failed: ${error instanceof Error ? error.message : String(error)}`, 'report this; run the preflight again')];
  }
}

/** Runs every check for a stage, concurrently, and returns their results in a fixed order. */
export async function runPreflight(clients: PreflightClients, requirements: StageRequirements, options: PreflightOptions): Promise<PreflightResult[]> {
  const { endpoint } = requirements;
  const groups = await Promise.all([
    guarded('CDK bootstrap', () => checkBootstrapStack(clients.cloudFormation, {
      toolkitStackName: options.toolkitStackName, region: options.region, requiredVersion: REQUIRED_BOOTSTRAP_VERSION,
    })),
    guarded('API Gateway CloudWatch Logs role', () => checkApiGatewayAccountRole(clients.apiGateway, requirements)),
    guarded('Lambda concurrency', () => checkLambdaConcurrency(clients, requirements)),
    endpoint.kind === 'instances'
      ? guarded('SageMaker endpoint instances', () => checkEndpointInstances(clients.serviceQuotas, endpoint, options.region))
      : guarded('SageMaker serverless quotas', () => checkServerlessQuotas(clients.serviceQuotas, endpoint, options.region)),
    endpoint.kind === 'instances' && requirements.vpc !== undefined
      ? guarded('SageMaker instance type in the VPC\'s zones', () => checkAvailabilityZones(clients.ec2, {
        instanceType: endpoint.instanceType,
        configuredZoneNames: requirements.vpc?.availabilityZones,
        contextZoneNames: options.contextZoneNames,
        // lib/network/model-network.ts: maxAzs 2 unless zones are given.
        defaultZoneCount: 2,
      }))
      : Promise.resolve([]),
    guarded('Alarm subscription', async () => checkAlarmSubscription(requirements)),
  ]);
  return groups.flat();
}
