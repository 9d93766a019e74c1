import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { DescribeAvailabilityZonesCommand, DescribeInstanceTypeOfferingsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetAccountSettingsCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { ListAWSDefaultServiceQuotasCommand, ListServiceQuotasCommand, ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { mockClient } from 'aws-sdk-client-mock';
import { DEV, PROD } from '../../../lib/stage-config';
import { USAGE } from '../../../scripts/preflight';
import { guarded, PreflightClients, runPreflight } from '../../../scripts/preflight/run-preflight';
import { SERVERLESS_ENDPOINTS_QUOTA, SERVERLESS_TOTAL_CONCURRENCY_QUOTA } from '../../../scripts/preflight/serverless-quota-checks';
import { stageRequirementsOf } from '../../../scripts/preflight/stage-requirements';
import { quota } from './quota-fixtures';
import { missingStack, queryAccessDenied } from './support';

const cloudFormation = mockClient(CloudFormationClient);
const apiGateway = mockClient(APIGatewayClient);
const lambda = mockClient(LambdaClient);
const serviceQuotas = mockClient(ServiceQuotasClient);
const ec2 = mockClient(EC2Client);

const clients: PreflightClients = {
  cloudFormation: new CloudFormationClient({}), apiGateway: new APIGatewayClient({}), lambda: new LambdaClient({}), serviceQuotas: new ServiceQuotasClient({}),
  ec2: new EC2Client({}),
};
const OPTIONS = { region: 'eu-west-1', toolkitStackName: 'CDKToolkit' };

/** An account ready for both stages: bootstrapped, quotas raised. */
beforeEach(() => {
  for (const mock of [cloudFormation, apiGateway, lambda, serviceQuotas, ec2]) mock.reset();
  ec2.on(DescribeAvailabilityZonesCommand).resolves({
    AvailabilityZones: [{ ZoneName: 'eu-west-1a', ZoneId: 'euw1-az3' }, { ZoneName: 'eu-west-1b', ZoneId: 'euw1-az1' }],
  });
  ec2.on(DescribeInstanceTypeOfferingsCommand).resolves({ InstanceTypeOfferings: [{ Location: 'euw1-az3' }, { Location: 'euw1-az1' }] });
  cloudFormation.on(DescribeStacksCommand).resolves({
    Stacks: [{ StackName: 'CDKToolkit', StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date(0), Outputs: [{ OutputKey: 'BootstrapVersion', OutputValue: '28' }] }],
  });
  cloudFormation.on(ListStackResourcesCommand).rejects(missingStack('ChurnPrediction-Prod'));
  lambda.on(GetAccountSettingsCommand).resolves({ AccountLimit: { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 1000 } });
  serviceQuotas.on(ListServiceQuotasCommand).resolves({
    Quotas: [quota('ml.c5.xlarge for endpoint usage', 'L-C5XL', 12), quota(SERVERLESS_TOTAL_CONCURRENCY_QUOTA, 'L-96300102', 10)],
  });
  serviceQuotas.on(ListAWSDefaultServiceQuotasCommand).resolves({ Quotas: [quota(SERVERLESS_ENDPOINTS_QUOTA, 'L-COUNT', 5)] });
});

const PROD_WITH_ALARMS = stageRequirementsOf({ ...PROD, monitoring: { ...PROD.monitoring, alarmEmail: 'oncall@example.com' } });

describe('runPreflight', () => {
  test('Prod in a ready account: every check passes, in a fixed order', async () => {
    const results = await runPreflight(clients, PROD_WITH_ALARMS, OPTIONS);
    expect(results.map((result) => [result.check, result.ok])).toEqual([
      ['CDK bootstrap', true],
      ['API Gateway CloudWatch Logs role', true],
      ['Lambda concurrency', true],
      ['SageMaker instance type in region', true],
      ['SageMaker endpoint instances', true],
      ['SageMaker instance type in the VPC\'s zones', true],
      ['Alarm subscription', true],
    ]);
  });

  test('Dev checks the serverless quotas instead of instances', async () => {
    const results = await runPreflight(clients, stageRequirementsOf(DEV), OPTIONS);
    expect(results.map((result) => [result.check, result.ok])).toEqual([
      ['CDK bootstrap', true],
      ['API Gateway CloudWatch Logs role', true],
      ['Lambda concurrency', true],
      ['SageMaker serverless quotas', true],
      ['Alarm subscription', true],
    ]);
  });

  test('Prod as shipped (no alarmEmail) fails only the alarm check', async () => {
    const failures = (await runPreflight(clients, stageRequirementsOf(PROD), OPTIONS)).filter((result) => !result.ok);
    expect(failures.map((result) => result.check)).toEqual(['Alarm subscription']);
  });

  test('a denied call fails its check; the other checks still run', async () => {
    cloudFormation.on(DescribeStacksCommand).rejects(queryAccessDenied('cloudformation:DescribeStacks'));
    const results = await runPreflight(clients, PROD_WITH_ALARMS, OPTIONS);
    expect(results.filter((result) => !result.ok).map((result) => result.check)).toEqual(['CDK bootstrap']);
    expect(results).toHaveLength(7);
  });

  test('a check that throws anyway becomes a failed row', async () => {
    expect(await guarded('Broken', async () => { throw new TypeError('x is undefined'); })).toEqual([
      { check: 'Broken', ok: false, detail: 'the check itself failed: x is undefined', fix: 'report this; run the preflight again' },
    ]);
  });

  test('--help documents every check either stage runs, the permissions, and the exit codes', async () => {
    const names = new Set([
      ...(await runPreflight(clients, PROD_WITH_ALARMS, OPTIONS)),
      ...(await runPreflight(clients, stageRequirementsOf(DEV), OPTIONS)),
    ].map((result) => result.check));
    expect(names.size).toBe(8);
    for (const name of names) expect(USAGE).toContain(`\n  ${name}`);
    for (const permission of [
      'cloudformation:DescribeStacks', 'apigateway:GET on /account', 'lambda:GetAccountSettings', 'cloudformation:ListStackResources',
      'lambda:GetFunctionConcurrency', 'servicequotas:ListServiceQuotas', 'servicequotas:ListAWSDefaultServiceQuotas',
      'ec2:DescribeAvailabilityZones', 'ec2:DescribeInstanceTypeOfferings',
    ]) expect(USAGE).toContain(permission);
    expect(USAGE).toContain('0 all passed, 1 a check failed,\n2 bad arguments');
    expect(USAGE).toContain('the quota\'s presence');
  });
});
