import { CloudFormationClient, DescribeStacksCommand, StackStatus } from '@aws-sdk/client-cloudformation';
import { CfnWaitConditionHandle, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { mockClient } from 'aws-sdk-client-mock';
import { checkBootstrapStack, DEFAULT_TOOLKIT_STACK_NAME, REQUIRED_BOOTSTRAP_VERSION } from '../../../scripts/preflight/bootstrap-check';
import { createTestApp } from '../../support/app';
import { missingStack, queryAccessDenied, throttled } from './support';

const cloudFormation = mockClient(CloudFormationClient);
const OPTIONS = { toolkitStackName: DEFAULT_TOOLKIT_STACK_NAME, region: 'eu-west-1', requiredVersion: 6 };

function toolkit(status: StackStatus, version: string | undefined) {
  cloudFormation.on(DescribeStacksCommand, { StackName: 'CDKToolkit' }).resolves({
    Stacks: [{
      StackName: 'CDKToolkit', StackStatus: status, CreationTime: new Date(0),
      Outputs: version === undefined ? [{ OutputKey: 'BucketName', OutputValue: 'b' }] : [{ OutputKey: 'BootstrapVersion', OutputValue: version }],
    }],
  });
}

/** The shape of the synthesizer's rule: `Fn::Not` of `Fn::Contains` of the rejected versions. */
interface BootstrapVersionRule {
  readonly Assertions: ReadonlyArray<{
    readonly Assert: { readonly 'Fn::Not': readonly [{ readonly 'Fn::Contains': readonly [readonly string[], unknown] }] };
    readonly AssertDescription: string;
  }>;
}

const check = (options = OPTIONS) => checkBootstrapStack(new CloudFormationClient({}), options);

beforeEach(() => cloudFormation.reset());

describe('CDK bootstrap check', () => {
  test('the version the templates require is the one their CheckBootstrapVersion rule enforces', () => {
    // GIVEN a stack of this project's aws-cdk-lib and settings, with the default synthesizer
    const stack = new Stack(createTestApp(), 'Probe');
    new CfnWaitConditionHandle(stack, 'Nothing'); // a template needs a resource
    // WHEN synthesized, THEN its rule rejects exactly the versions below REQUIRED_BOOTSTRAP_VERSION
    const rule = Template.fromStack(stack).toJSON().Rules.CheckBootstrapVersion as BootstrapVersionRule;
    const rejected = rule.Assertions[0].Assert['Fn::Not'][0]['Fn::Contains'][0];
    expect(rejected).toEqual(Array.from({ length: REQUIRED_BOOTSTRAP_VERSION - 1 }, (_, index) => String(index + 1)));
    expect(rule.Assertions[0].AssertDescription).toContain(`version ${REQUIRED_BOOTSTRAP_VERSION} required`);
  });

  test('a settled bootstrap stack at the required version passes', async () => {
    toolkit('CREATE_COMPLETE', '6');
    expect(await check()).toEqual({ check: 'CDK bootstrap', ok: true, detail: 'CDKToolkit is CREATE_COMPLETE, version 6 (≥ 6)', fix: '' });
  });

  test('an update that rolled back leaves a usable stack: it passes', async () => {
    toolkit('UPDATE_ROLLBACK_COMPLETE', '21');
    expect(await check()).toMatchObject({ ok: true, detail: 'CDKToolkit is UPDATE_ROLLBACK_COMPLETE, version 21 (≥ 6)' });
  });

  test('no bootstrap stack: fails with the bootstrap command for the region', async () => {
    cloudFormation.on(DescribeStacksCommand).rejects(missingStack('CDKToolkit'));
    expect(await check()).toEqual({
      check: 'CDK bootstrap', ok: false,
      detail: 'no stack CDKToolkit in eu-west-1: the account and region are not bootstrapped',
      fix: 'run `npx cdk bootstrap aws://ACCOUNT/eu-west-1`',
    });
  });

  test('a custom toolkit stack name is the one asked for, and the fix names it', async () => {
    cloudFormation.on(DescribeStacksCommand).rejects(missingStack('MyToolkit'));
    const result = await check({ ...OPTIONS, toolkitStackName: 'MyToolkit' });
    expect(cloudFormation.commandCalls(DescribeStacksCommand)[0].args[0].input).toEqual({ StackName: 'MyToolkit' });
    expect(result.fix).toBe('run `npx cdk bootstrap aws://ACCOUNT/eu-west-1 --toolkit-stack-name MyToolkit`');
  });

  test('a bootstrap stack still being updated fails: wait', async () => {
    toolkit('UPDATE_IN_PROGRESS', '6');
    expect(await check()).toMatchObject({ ok: false, detail: 'CDKToolkit is UPDATE_IN_PROGRESS, not settled', fix: expect.stringMatching(/^wait until/) });
  });

  test('a bootstrap stack whose creation rolled back fails: repair or delete, then bootstrap', async () => {
    toolkit('ROLLBACK_COMPLETE', '6');
    expect(await check()).toMatchObject({ ok: false, detail: 'CDKToolkit is ROLLBACK_COMPLETE, not settled', fix: expect.stringContaining('npx cdk bootstrap') });
  });

  test('an older bootstrap version fails with the upgrade', async () => {
    toolkit('UPDATE_COMPLETE', '5');
    expect(await check()).toEqual({
      check: 'CDK bootstrap', ok: false,
      detail: 'CDKToolkit is version 5; the templates need ≥ 6',
      fix: 'upgrade it: `npx cdk bootstrap aws://ACCOUNT/eu-west-1` (this project\'s CLI)',
    });
  });

  test('a stack of that name without a BootstrapVersion output is not a bootstrap stack', async () => {
    toolkit('CREATE_COMPLETE', undefined);
    expect(await check()).toMatchObject({ ok: false, detail: expect.stringContaining('has no numeric BootstrapVersion output (none)') });
  });

  test('access denied fails with the permission to grant, not a crash', async () => {
    cloudFormation.on(DescribeStacksCommand).rejects(queryAccessDenied('cloudformation:DescribeStacks'));
    expect(await check()).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/^cloudformation:DescribeStacks failed \(AccessDenied: User: .* is not authorized/),
      fix: expect.stringMatching(/^allow cloudformation:DescribeStacks to the credentials/),
    });
  });

  test('throttling fails with "run again"', async () => {
    cloudFormation.on(DescribeStacksCommand).rejects(throttled());
    expect(await check()).toMatchObject({ ok: false, fix: expect.stringContaining('run the preflight again in a minute') });
  });
});
