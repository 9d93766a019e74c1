import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { GetAccountSettingsCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { failedCall } from './failed-call';
import { failed, passed, PreflightResult } from './preflight-result';
import { reservedByStack } from './reserved-by-stack';

const CHECK = 'Lambda concurrency';

/**
 * Executions Lambda keeps unreserved in every account: "You can reserve up to the Unreserved
 * account concurrency value minus 100" (Lambda developer guide, "Configuring reserved concurrency
 * for a function", configuration-concurrency).
 */
export const LAMBDA_MINIMUM_UNRESERVED = 100;

/**
 * The account can reserve the stage's executions: its concurrency quota is at least reserved + 100,
 * and what other functions reserve leaves at least 100 unreserved after this one reserves. New
 * accounts often have a quota of 10 or 50 and can reserve nothing.
 */
export async function checkLambdaConcurrency(
  clients: { readonly lambda: LambdaClient; readonly cloudFormation: CloudFormationClient },
  requirements: { readonly reservedConcurrency?: number; readonly stackName: string },
): Promise<PreflightResult> {
  const reserved = requirements.reservedConcurrency;
  let limit: number | undefined;
  let unreserved: number | undefined;
  try {
    const settings = await clients.lambda.send(new GetAccountSettingsCommand({}));
    limit = settings.AccountLimit?.ConcurrentExecutions;
    unreserved = settings.AccountLimit?.UnreservedConcurrentExecutions;
  } catch (error) {
    return failedCall(CHECK, 'lambda:GetAccountSettings', error);
  }
  if (limit === undefined || unreserved === undefined) {
    return failed(CHECK, 'GetAccountSettings answered without ConcurrentExecutions or UnreservedConcurrentExecutions', 'run the preflight again; report it if it persists');
  }
  if (reserved === undefined) {
    return passed(CHECK, `the stage reserves none; account quota ${limit}, ${unreserved} unreserved`);
  }
  const quotaNeeded = reserved + LAMBDA_MINIMUM_UNRESERVED;
  if (limit < quotaNeeded) {
    return failed(
      CHECK,
      `account quota ${limit} < ${quotaNeeded} (${reserved} reserved + ${LAMBDA_MINIMUM_UNRESERVED} Lambda keeps unreserved)`,
      `request "Concurrent executions" (Service Quotas, AWS Lambda) of at least ${quotaNeeded}, or lower the stage's reservedConcurrency`,
    );
  }
  let held: number;
  try {
    held = await reservedByStack(clients.cloudFormation, clients.lambda, requirements.stackName);
  } catch (error) {
    return failedCall(CHECK, 'cloudformation:ListStackResources and lambda:GetFunctionConcurrency', error);
  }
  const left = unreserved + held - reserved;
  const heldNote = held > 0 ? ` (+${held} ${requirements.stackName} holds now)` : '';
  if (left < LAMBDA_MINIMUM_UNRESERVED) {
    return failed(
      CHECK,
      `${unreserved} unreserved${heldNote}: reserving ${reserved} leaves ${left} < ${LAMBDA_MINIMUM_UNRESERVED}; other functions reserve ${limit - unreserved - held}`,
      `free ${LAMBDA_MINIMUM_UNRESERVED - left} reserved executions of other functions, raise the quota to at least ${limit + LAMBDA_MINIMUM_UNRESERVED - left}, or lower reservedConcurrency`,
    );
  }
  return passed(CHECK, `account quota ${limit} ≥ ${quotaNeeded}; reserving ${reserved} leaves ${left} unreserved${heldNote} (≥ ${LAMBDA_MINIMUM_UNRESERVED})`);
}
