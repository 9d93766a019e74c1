import { CloudFormationClient, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { GetFunctionConcurrencyCommand, LambdaClient } from '@aws-sdk/client-lambda';

/**
 * Concurrent executions the functions of a deployed stack reserve now (0 when the stack does not
 * exist): a redeploy gives them back before it reserves again, so they count as available.
 */
export async function reservedByStack(cloudFormation: CloudFormationClient, lambda: LambdaClient, stackName: string): Promise<number> {
  const functionNames: string[] = [];
  let nextToken: string | undefined;
  do {
    let page;
    try {
      page = await cloudFormation.send(new ListStackResourcesCommand({ StackName: stackName, NextToken: nextToken }));
    } catch (error) {
      if (error instanceof Error && error.name === 'ValidationError' && /does not exist/.test(error.message)) return 0;
      throw error;
    }
    for (const resource of page.StackResourceSummaries ?? []) {
      if (resource.ResourceType === 'AWS::Lambda::Function' && resource.PhysicalResourceId !== undefined) functionNames.push(resource.PhysicalResourceId);
    }
    nextToken = page.NextToken;
  } while (nextToken !== undefined);
  let total = 0;
  for (const functionName of functionNames) {
    const answer = await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: functionName }));
    total += answer.ReservedConcurrentExecutions ?? 0;
  }
  return total;
}
