import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { CloudFormationClient, DescribeStacksCommand, Stack } from '@aws-sdk/client-cloudformation';
import { DescribeEndpointCommand, DescribeEndpointConfigCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { ApiAuth, describeApiAuth, detectApiAuth } from './api-auth';
import { PostJson } from './signed-json-client';

/** One golden record: a customer record and the bundled model's probability for it. */
export interface GoldenRecord {
  readonly record: Record<string, unknown>;
  readonly churnProbability: number;
}

export interface VerifierDependencies {
  readonly cloudFormation: CloudFormationClient;
  readonly sageMaker: SageMakerClient;
  /** Reads the API key and the API's authorization type, when the stack has an API key. */
  readonly apiGateway: APIGatewayClient;
  /** The client that POSTs to the deployed API in its auth mode (SigV4, API key, or both). */
  readonly apiClient: (auth: ApiAuth) => PostJson;
}

export interface VerifyOptions {
  /** The stage's stack, e.g. `ChurnPrediction-Prod`. */
  readonly stackName: string;
  /** Records to score, with the probabilities expected. */
  readonly golden: readonly GoldenRecord[];
  /** Largest accepted |probability − expected|. */
  readonly tolerance: number;
  /** Records per request (the API's limit). */
  readonly batchSize: number;
  /** Ask the API for this production variant (`targetVariant`), if set. */
  readonly targetVariant?: string;
}

/** The outcome of one check. */
export interface CheckResult {
  readonly check: string;
  readonly ok: boolean;
  readonly detail: string;
}

const SETTLED_STACK_STATES = ['CREATE_COMPLETE', 'UPDATE_COMPLETE'];

/**
 * Checks a deployed stage: the stack settled on its last template, the endpoint is InService on
 * the endpoint configuration that template deployed (SageMaker can roll an update back on its own
 * while CloudFormation reports success), its variants are the configuration's, and the API, called
 * in the auth mode the stack's outputs tell (SigV4, API key, or both), scores the golden records as
 * the bundled model does.
 */
export async function verifyDeployment(deps: VerifierDependencies, options: VerifyOptions): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const stack = await describeStack(deps.cloudFormation, options.stackName);
  const outputs = Object.fromEntries((stack.Outputs ?? []).map((output) => [output.OutputKey ?? '', output.OutputValue ?? '']));
  const missing = ['EndpointName', 'EndpointConfigName', 'PredictionsUrl'].filter((key) => !outputs[key]);
  const settled = SETTLED_STACK_STATES.includes(stack.StackStatus ?? '');
  results.push({
    check: 'stack',
    ok: settled && missing.length === 0,
    detail: [
      `${options.stackName} is ${stack.StackStatus}${settled ? '' : ' (not a settled create or update: the last deployment did not complete)'}`,
      ...(missing.length > 0 ? [`outputs missing: ${missing.join(', ')}`] : []),
    ].join('; '),
  });
  if (outputs.EndpointName && outputs.EndpointConfigName) {
    results.push(...await checkEndpoint(deps.sageMaker, outputs.EndpointName, outputs.EndpointConfigName));
  }
  if (outputs.PredictionsUrl) {
    const auth = await checkApiAuth(deps.apiGateway, outputs);
    results.push(auth.result);
    if (auth.auth !== undefined) results.push(await checkScores(deps.apiClient(auth.auth), outputs.PredictionsUrl, options));
  }
  return results;
}

async function checkApiAuth(apiGateway: APIGatewayClient, outputs: Readonly<Record<string, string>>): Promise<{ result: CheckResult; auth?: ApiAuth }> {
  try {
    const auth = await detectApiAuth(apiGateway, outputs);
    return { auth, result: { check: 'api auth', ok: true, detail: `calling the API with ${describeApiAuth(auth)}` } };
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return {
      result: {
        check: 'api auth',
        ok: false,
        detail: `cannot tell how to call the API (${reason}); with API keys verify needs apigateway:GET on the key and the API's resources`,
      },
    };
  }
}

async function describeStack(client: CloudFormationClient, stackName: string): Promise<Stack> {
  const answer = await client.send(new DescribeStacksCommand({ StackName: stackName }));
  const stack = answer.Stacks?.[0];
  if (stack === undefined) throw new Error(`stack ${stackName} not found`);
  return stack;
}

async function checkEndpoint(client: SageMakerClient, endpointName: string, expectedConfig: string): Promise<CheckResult[]> {
  const endpoint = await client.send(new DescribeEndpointCommand({ EndpointName: endpointName }));
  const failure = endpoint.FailureReason ? ` (failure reason: ${endpoint.FailureReason})` : '';
  const results: CheckResult[] = [{
    check: 'endpoint status',
    ok: endpoint.EndpointStatus === 'InService',
    detail: `${endpointName} is ${endpoint.EndpointStatus}${failure}`,
  }];
  const live = endpoint.EndpointConfigName;
  results.push({
    check: 'endpoint configuration',
    ok: live === expectedConfig,
    detail: live === expectedConfig
      ? `serving ${live}, the configuration this deployment put live`
      : `serving ${live}, but the stack deployed ${expectedConfig}: SageMaker rolled the update back (or it is still in progress)${failure}`,
  });
  const config = await client.send(new DescribeEndpointConfigCommand({ EndpointConfigName: expectedConfig }));
  const expectedVariants = (config.ProductionVariants ?? []).map((variant) => variant.VariantName).sort();
  const liveVariants = (endpoint.ProductionVariants ?? []).map((variant) => variant.VariantName).sort();
  const sameVariants = JSON.stringify(expectedVariants) === JSON.stringify(liveVariants);
  const starved = (endpoint.ProductionVariants ?? []).filter((variant) =>
    variant.CurrentServerlessConfig === undefined && !((variant.CurrentInstanceCount ?? 0) >= 1));
  results.push({
    check: 'endpoint variants',
    ok: sameVariants && starved.length === 0,
    detail: [
      sameVariants ? `variants ${liveVariants.join(', ')}` : `live variants ${liveVariants.join(', ')} differ from the configuration's ${expectedVariants.join(', ')}`,
      ...starved.map((variant) => `variant ${variant.VariantName} has no running instance`),
    ].join('; '),
  });
  return results;
}

async function checkScores(postJson: PostJson, url: string, options: VerifyOptions): Promise<CheckResult> {
  let worst = 0;
  const problems: string[] = [];
  for (let start = 0; start < options.golden.length; start += options.batchSize) {
    const batch = options.golden.slice(start, start + options.batchSize);
    const body = { records: batch.map((golden) => golden.record), ...(options.targetVariant === undefined ? {} : { targetVariant: options.targetVariant }) };
    const answer = await postJson(url, body);
    const predictions = (answer.body as { predictions?: Array<{ churnProbability?: unknown }> } | undefined)?.predictions;
    if (answer.status !== 200 || !Array.isArray(predictions) || predictions.length !== batch.length) {
      problems.push(`records ${start}-${start + batch.length - 1}: HTTP ${answer.status}, ${describeBody(answer.body)}`);
      continue;
    }
    predictions.forEach((prediction, index) => {
      const expected = batch[index].churnProbability;
      const actual = prediction.churnProbability;
      const difference = typeof actual === 'number' ? Math.abs(actual - expected) : Infinity;
      worst = Math.max(worst, difference);
      if (!(difference <= options.tolerance)) {
        problems.push(`record ${start + index}: got ${String(actual)}, expected ${expected}`);
      }
    });
  }
  return {
    check: 'golden scores',
    ok: problems.length === 0,
    detail: problems.length === 0
      ? `${options.golden.length} records scored within ${options.tolerance} (largest difference ${worst})`
      : `${problems.length} problem(s): ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? '; ...' : ''}`,
  };
}

function describeBody(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

/** The report, one line per check, and whether every check passed. */
export function formatReport(results: readonly CheckResult[]): { text: string; ok: boolean } {
  const ok = results.length > 0 && results.every((result) => result.ok);
  const lines = results.map((result) => `${result.ok ? 'PASS' : 'FAIL'} ${result.check}: ${result.detail}`);
  return { text: [...lines, ok ? 'deployment verified' : 'deployment NOT verified'].join('\n'), ok };
}
