import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { EC2Client } from '@aws-sdk/client-ec2';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import * as fs from 'fs';
import * as path from 'path';
import { HelpRequested, parsePreflightArguments } from './preflight/arguments';
import { REQUIRED_BOOTSTRAP_VERSION } from './preflight/bootstrap-check';
import { contextZoneNames } from './preflight/context-zones';
import { LAMBDA_MINIMUM_UNRESERVED } from './preflight/lambda-concurrency-check';
import { EXIT_USAGE, formatPreflightReport } from './preflight/report';
import { runPreflight } from './preflight/run-preflight';
import { SERVERLESS_ENDPOINTS_QUOTA, SERVERLESS_TOTAL_CONCURRENCY_QUOTA } from './preflight/serverless-quota-checks';
import { stageRequirementsOf } from './preflight/stage-requirements';

/** The --help text: every check, what it reads, and the permissions it needs. */
export const USAGE = `Usage: npm run preflight -- --stage <Dev|Prod> --region <region> [--toolkit-stack-name <name>]

Read-only checks of an account and region before \`cdk deploy\`, for what otherwise fails a
deployment late (often after many minutes). The stage's needs come from lib/stage-config.ts.
Prints a table of check | result | detail | fix. Exit code: 0 all passed, 1 a check failed,
2 bad arguments. Uses your AWS credentials (default provider chain); nothing is changed.

Checks:
  CDK bootstrap
      The bootstrap stack (CDKToolkit, or --toolkit-stack-name) exists, is settled (CREATE, UPDATE
      or IMPORT complete, or UPDATE_ROLLBACK_COMPLETE), and its BootstrapVersion output is
      ≥ ${REQUIRED_BOOTSTRAP_VERSION}, what the templates' CheckBootstrapVersion rule requires (aws-cdk-lib 2.276).
      Needs cloudformation:DescribeStacks.
  API Gateway CloudWatch Logs role
      Only when the stage's stack does not set API Gateway's account-level CloudWatch Logs role
      itself: the account has one in the region (GetAccount, cloudwatchRoleArn). Without it the API
      stage, which writes access logs, fails to deploy. Needs apigateway:GET on /account.
  Lambda concurrency
      When the stage reserves R concurrent executions: the account's "Concurrent executions" quota
      is ≥ R + ${LAMBDA_MINIMUM_UNRESERVED} (Lambda keeps ${LAMBDA_MINIMUM_UNRESERVED} unreserved), and reserving R leaves ≥ ${LAMBDA_MINIMUM_UNRESERVED} unreserved
      (what the stage's deployed functions hold now counts as free). Needs lambda:GetAccountSettings,
      cloudformation:ListStackResources and lambda:GetFunctionConcurrency.
  SageMaker instance type in region (stages with instances)
      The quota "<type> for endpoint usage" exists in the region. SageMaker has no API that lists
      the instance types a region offers: the quota's presence (among the account's applied values
      or AWS's defaults) is the evidence, its absence fails the check.
  SageMaker endpoint instances (stages with instances)
      That quota is ≥ the instances at creation, at maximum scale, and during a blue/green update at
      maximum scale (2 × maximum: the new fleet runs beside the old one); each number is reported.
      Other endpoints of the same instance type use the same quota.
  SageMaker serverless quotas (serverless stages)
      "${SERVERLESS_TOTAL_CONCURRENCY_QUOTA}"
      ≥ the endpoint's maximum concurrency, and "${SERVERLESS_ENDPOINTS_QUOTA}" ≥ 1.
      Neither listed means the region has no Serverless Inference. Other serverless endpoints share
      both. Whether a blue/green update holds both fleets' concurrency is not documented: not required.
      The SageMaker checks need servicequotas:ListServiceQuotas and servicequotas:ListAWSDefaultServiceQuotas.
  SageMaker instance type in the VPC's zones (stages that create a VPC)
      SageMaker offers instance types per Availability Zone ID, and zone names map to different IDs
      in every account. The zones the VPC takes (the stage's availabilityZones, else those
      cdk.context.json recorded for the region, else the region's first two) are mapped to this
      account's IDs, and each ID must offer the instance type's EC2 counterpart (ml.c5.xlarge →
      c5.xlarge; an assumption: SageMaker publishes no per-AZ list for hosting). The fix names zones
      that offer it. Needs ec2:DescribeAvailabilityZones and ec2:DescribeInstanceTypeOfferings.
  Alarm subscription
      Prod has an alarm subscription (alarmEmail): otherwise its alarms, the paging one included,
      reach no one. Reads the settings only.

An AWS call that is denied or throttled fails its check with the permission or the retry to do;
the other checks still run.

Options:
  --stage <name>                the stage in lib/stage-config.ts: Dev or Prod
  --region <region>             the region to deploy to (default: $AWS_REGION, then $AWS_DEFAULT_REGION)
  --toolkit-stack-name <name>   the bootstrap stack's name (default: CDKToolkit)
  --help                        this text`;

/** The zones a pinned synth recorded for the region in the project's cdk.context.json, if any. */
function zonesRecordedFor(region: string): string[] | undefined {
  const file = path.join(__dirname, '..', 'cdk.context.json');
  if (!fs.existsSync(file)) return undefined;
  return contextZoneNames(JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>, region);
}

async function main(): Promise<number> {
  let args;
  try {
    args = parsePreflightArguments(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof HelpRequested) {
      console.log(USAGE);
      return 0;
    }
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const { region } = args;
  const results = await runPreflight({
    cloudFormation: new CloudFormationClient({ region }),
    apiGateway: new APIGatewayClient({ region }),
    lambda: new LambdaClient({ region }),
    serviceQuotas: new ServiceQuotasClient({ region }),
    ec2: new EC2Client({ region }),
  }, stageRequirementsOf(args.stage), { region, toolkitStackName: args.toolkitStackName, contextZoneNames: zonesRecordedFor(region) });
  const report = formatPreflightReport(results);
  console.log(`Preflight of stage ${args.stage.name} in ${region}\n\n${report.text}`);
  return report.exitCode;
}

if (require.main === module) {
  main().then((code) => { process.exitCode = code; }, (error: unknown) => {
    console.error(`preflight failed to run: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
