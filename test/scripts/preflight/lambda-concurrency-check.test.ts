import { CloudFormationClient, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { GetAccountSettingsCommand, GetFunctionConcurrencyCommand, LambdaClient, TooManyRequestsException } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { checkLambdaConcurrency } from '../../../scripts/preflight/lambda-concurrency-check';
import { accessDenied, missingStack, queryAccessDenied } from './support';

const lambda = mockClient(LambdaClient);
const cloudFormation = mockClient(CloudFormationClient);
const STACK = 'ChurnPrediction-Prod';

function account(limit: number, unreserved: number) {
  lambda.on(GetAccountSettingsCommand).resolves({ AccountLimit: { ConcurrentExecutions: limit, UnreservedConcurrentExecutions: unreserved } });
}

/** A deployed stage whose functions hold reservations now. */
function deployedStack(reservations: Record<string, number | undefined>) {
  const names = Object.keys(reservations);
  cloudFormation.on(ListStackResourcesCommand, { StackName: STACK }).resolves({
    StackResourceSummaries: [
      { LogicalResourceId: 'Topic', ResourceType: 'AWS::SNS::Topic', PhysicalResourceId: 'arn:aws:sns:eu-west-1:1:t', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date(0) },
      ...names.slice(0, 1).map((name) => ({ LogicalResourceId: name, ResourceType: 'AWS::Lambda::Function', PhysicalResourceId: name, ResourceStatus: 'CREATE_COMPLETE' as const, LastUpdatedTimestamp: new Date(0) })),
    ],
    NextToken: names.length > 1 ? 'page-2' : undefined,
  });
  cloudFormation.on(ListStackResourcesCommand, { StackName: STACK, NextToken: 'page-2' }).resolves({
    StackResourceSummaries: names.slice(1).map((name) => ({ LogicalResourceId: name, ResourceType: 'AWS::Lambda::Function', PhysicalResourceId: name, ResourceStatus: 'CREATE_COMPLETE' as const, LastUpdatedTimestamp: new Date(0) })),
  });
  for (const [name, reserved] of Object.entries(reservations)) {
    lambda.on(GetFunctionConcurrencyCommand, { FunctionName: name }).resolves(reserved === undefined ? {} : { ReservedConcurrentExecutions: reserved });
  }
}

const check = (reservedConcurrency?: number) => checkLambdaConcurrency(
  { lambda: new LambdaClient({}), cloudFormation: new CloudFormationClient({}) }, { reservedConcurrency, stackName: STACK },
);

beforeEach(() => {
  lambda.reset();
  cloudFormation.reset();
  cloudFormation.on(ListStackResourcesCommand).rejects(missingStack(STACK));
});

describe('Lambda concurrency check', () => {
  test('a stage that reserves nothing passes, whatever the quota (a new account has 10)', async () => {
    account(10, 10);
    expect(await check(undefined)).toEqual({ check: 'Lambda concurrency', ok: true, detail: 'the stage reserves none; account quota 10, 10 unreserved', fix: '' });
    expect(cloudFormation.calls()).toHaveLength(0);
  });

  test('first deploy: a quota of exactly reserved + 100 passes', async () => {
    account(300, 300);
    expect(await check(200)).toMatchObject({ ok: true, detail: 'account quota 300 ≥ 300; reserving 200 leaves 100 unreserved (≥ 100)' });
  });

  test('a quota below reserved + 100 fails with the quota to request (not 210: Lambda keeps 100)', async () => {
    account(299, 299);
    expect(await check(200)).toEqual({
      check: 'Lambda concurrency', ok: false,
      detail: 'account quota 299 < 300 (200 reserved + 100 Lambda keeps unreserved)',
      fix: 'request "Concurrent executions" (Service Quotas, AWS Lambda) of at least 300, or lower the stage\'s reservedConcurrency',
    });
  });

  test('a new account (quota 10) cannot reserve even one', async () => {
    account(10, 10);
    expect(await check(1)).toMatchObject({ ok: false, detail: 'account quota 10 < 101 (1 reserved + 100 Lambda keeps unreserved)' });
  });

  test('other functions reserving too much fails, naming what to free', async () => {
    account(1000, 650); // others reserve 350
    const result = await check(600);
    expect(result).toMatchObject({ ok: false, detail: '650 unreserved: reserving 600 leaves 50 < 100; other functions reserve 350' });
    expect(result.fix).toBe('free 50 reserved executions of other functions, raise the quota to at least 1050, or lower reservedConcurrency');
  });

  test('a redeploy counts the reservation the stage\'s functions already hold as available (across pages)', async () => {
    // GIVEN quota 300, and the deployed stage holds 200 of it (plus a function without reservation)
    account(300, 100);
    deployedStack({ PredictFunction: 200, LogRetentionFunction: undefined });
    // THEN reserving 200 again leaves 100
    expect(await check(200)).toMatchObject({ ok: true, detail: 'account quota 300 ≥ 300; reserving 200 leaves 100 unreserved (+200 ChurnPrediction-Prod holds now) (≥ 100)' });
    expect(lambda.commandCalls(GetFunctionConcurrencyCommand).map((call) => call.args[0].input.FunctionName)).toEqual(['PredictFunction', 'LogRetentionFunction']);
  });

  test('a redeploy with too little left still fails', async () => {
    account(400, 150); // the stage holds 100, others 150
    deployedStack({ PredictFunction: 100 });
    expect(await check(200)).toMatchObject({ ok: false, detail: '150 unreserved (+100 ChurnPrediction-Prod holds now): reserving 200 leaves 50 < 100; other functions reserve 150' });
  });

  test('an answer without the numbers fails rather than guessing', async () => {
    lambda.on(GetAccountSettingsCommand).resolves({ AccountLimit: {} });
    expect(await check(200)).toMatchObject({ ok: false, detail: expect.stringContaining('without ConcurrentExecutions') });
  });

  test('access denied on GetAccountSettings fails naming the permission', async () => {
    lambda.on(GetAccountSettingsCommand).rejects(accessDenied('lambda:GetAccountSettings'));
    expect(await check(200)).toMatchObject({ ok: false, fix: expect.stringMatching(/^allow lambda:GetAccountSettings to/) });
  });

  test('throttling fails with "run again"', async () => {
    lambda.on(GetAccountSettingsCommand).rejects(new TooManyRequestsException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } }));
    expect(await check(200)).toMatchObject({ ok: false, fix: expect.stringContaining('run the preflight again in a minute') });
  });

  test('access denied on the stack\'s resources fails naming both permissions', async () => {
    account(1000, 1000);
    cloudFormation.on(ListStackResourcesCommand).rejects(queryAccessDenied('cloudformation:ListStackResources'));
    expect(await check(200)).toMatchObject({ ok: false, fix: expect.stringMatching(/^allow cloudformation:ListStackResources and lambda:GetFunctionConcurrency to/) });
  });
});
