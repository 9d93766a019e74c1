import { APIGatewayClient, GetAccountCommand } from '@aws-sdk/client-api-gateway';
import { failedCall } from './failed-call';
import { failed, passed, PreflightResult } from './preflight-result';

const CHECK = 'API Gateway CloudWatch Logs role';

/**
 * API Gateway's account-level CloudWatch Logs role is set, unless the stage's stack sets it itself.
 * A stage with access logging fails to deploy without it: "CloudWatch Logs role ARN must be set in
 * account settings to enable logging" (API Gateway developer guide, "Set up CloudWatch logging for
 * REST APIs in API Gateway", set-up-logging). The setting is per account and region.
 */
export async function checkApiGatewayAccountRole(
  apiGateway: APIGatewayClient,
  requirements: { readonly ownsApiGatewayAccountRole: boolean; readonly stackName: string },
): Promise<PreflightResult> {
  if (requirements.ownsApiGatewayAccountRole) {
    return passed(CHECK, `${requirements.stackName} sets the account's role itself (AWS::ApiGateway::Account); nothing to check`);
  }
  let roleArn: string | undefined;
  try {
    roleArn = (await apiGateway.send(new GetAccountCommand({}))).cloudwatchRoleArn;
  } catch (error) {
    return failedCall(CHECK, 'apigateway:GET on /account', error);
  }
  if (roleArn === undefined || roleArn === '') {
    return failed(
      CHECK,
      `${requirements.stackName} does not set it, and the account has none in this region`,
      'set it once per account and region: a role trusted by apigateway.amazonaws.com with the managed policy '
        + 'AmazonAPIGatewayPushToCloudWatchLogs, then `aws apigateway update-account --patch-operations '
        + 'op=replace,path=/cloudwatchRoleArn,value=<role ARN>`; or let the stage own it (ownsApiGatewayAccountRole)',
    );
  }
  return passed(CHECK, `set to ${roleArn}`);
}
