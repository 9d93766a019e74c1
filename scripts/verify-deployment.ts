import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { apiJsonClient } from './api-json-client';
import { formatReport, GoldenRecord, verifyDeployment } from './deployment-verifier';

/** The --help text. */
export const USAGE = `Usage: npm run verify -- --stage <Dev|Prod|...> --region <region> [options]

Checks a deployed stage: the stack settled, the endpoint is InService on the endpoint
configuration the stack deployed (catching SageMaker's silent rollback), and the API scores
the model package's golden records within the tolerance: for an archive only in S3
(ModelPackage.fromBucket), this is the check synth could not make. Uses your AWS credentials
(default provider chain).

The API is called in the stage's auth mode, read from the stack's outputs:
  no ApiKeyId output   SigV4-signed requests (IAM auth); needs execute-api:Invoke on the API
  ApiKeyId output      the key's value (API Gateway GetApiKey, includeValue) in x-api-key, and
                       SigV4 too when the POST method's authorization is AWS_IAM (GetResources);
                       needs apigateway:GET on /apikeys/<id> and /restapis/<id>/resources
Always needed: cloudformation:DescribeStacks, sagemaker:DescribeEndpoint and
sagemaker:DescribeEndpointConfig.

Options:
  --stage <name>        stage name; the stack is ChurnPrediction-<name>
  --stack-name <name>   the stack, instead of --stage
  --region <region>     the stack's region (default: $AWS_REGION)
  --tolerance <number>  largest accepted probability difference (default: 1e-6)
  --model <directory>   the deployed model package (default: model/bundled); its golden.json is scored
  --golden <file>       golden records, instead of the package's golden.json
  --batch-size <n>      records per request (default: 100, the API's limit)
  --variant <name>      score on this production variant (targetVariant)
  --help                this text`;

/** Thrown by parseArguments for --help. */
export class HelpRequested extends Error {
  constructor() {
    super('help requested');
  }
}

/** The command line, checked; throws naming every problem. */
export interface VerifyArguments {
  readonly stackName: string;
  readonly region: string;
  readonly tolerance: number;
  readonly goldenFile: string;
  readonly batchSize: number;
  readonly targetVariant?: string;
}

export function parseArguments(argv: readonly string[], env: NodeJS.ProcessEnv): VerifyArguments {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'stage': { type: 'string' },
      'stack-name': { type: 'string' },
      'region': { type: 'string' },
      'tolerance': { type: 'string' },
      'golden': { type: 'string' },
      'model': { type: 'string' },
      'batch-size': { type: 'string' },
      'variant': { type: 'string' },
      'help': { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help === true) throw new HelpRequested();
  const problems: string[] = [];
  const stackName = values['stack-name'] ?? (values.stage === undefined ? undefined : `ChurnPrediction-${values.stage}`);
  if (stackName === undefined) problems.push('give --stage or --stack-name');
  if (values.stage !== undefined && values['stack-name'] !== undefined) problems.push('give --stage or --stack-name, not both');
  const region = values.region ?? env.AWS_REGION ?? '';
  if (region === '') problems.push('give --region (or set AWS_REGION)');
  const tolerance = Number(values.tolerance ?? '1e-6');
  if (values.golden !== undefined && values.model !== undefined) problems.push('give --model or --golden, not both');
  if (!(tolerance >= 0)) problems.push(`--tolerance must be a number ≥ 0, got ${values.tolerance}`);
  const batchSize = Number(values['batch-size'] ?? '100');
  if (!Number.isInteger(batchSize) || batchSize < 1) problems.push(`--batch-size must be a whole number ≥ 1, got ${values['batch-size']}`);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return {
    stackName: stackName!,
    region,
    tolerance,
    goldenFile: values.golden ?? path.join(values.model ?? path.join(__dirname, '..', 'model', 'bundled'), 'golden.json'),
    batchSize,
    targetVariant: values.variant,
  };
}

/** Reads golden records: `{ "records": [{ "record": {...}, "churnProbability": 0.1 }, ...] }`. */
export function readGolden(file: string): GoldenRecord[] {
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { records?: GoldenRecord[] };
  if (!Array.isArray(parsed.records) || parsed.records.length === 0) throw new Error(`${file} holds no golden records`);
  return parsed.records;
}

async function main(): Promise<number> {
  let args: VerifyArguments;
  try {
    args = parseArguments(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof HelpRequested) {
      console.log(USAGE);
      return 0;
    }
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const sageMaker = new SageMakerClient({ region: args.region });
  const results = await verifyDeployment({
    cloudFormation: new CloudFormationClient({ region: args.region }),
    sageMaker,
    apiGateway: new APIGatewayClient({ region: args.region }),
    apiClient: (auth) => apiJsonClient(auth, { region: args.region, credentials: sageMaker.config.credentials }),
  }, {
    stackName: args.stackName,
    golden: readGolden(args.goldenFile),
    tolerance: args.tolerance,
    batchSize: args.batchSize,
    targetVariant: args.targetVariant,
  });
  const report = formatReport(results);
  console.log(report.text);
  return report.ok ? 0 : 1;
}

if (require.main === module) {
  main().then((code) => { process.exitCode = code; }, (error: unknown) => {
    console.error(`verification failed to run: ${(error as Error).message}`);
    process.exitCode = 1;
  });
}
