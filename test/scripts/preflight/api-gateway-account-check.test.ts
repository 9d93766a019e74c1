import { APIGatewayClient, GetAccountCommand, TooManyRequestsException, UnauthorizedException } from '@aws-sdk/client-api-gateway';
import { mockClient } from 'aws-sdk-client-mock';
import { checkApiGatewayAccountRole } from '../../../scripts/preflight/api-gateway-account-check';

const apiGateway = mockClient(APIGatewayClient);
const ROLE = 'arn:aws:iam::111111111111:role/ApiGatewayPushToCloudWatchLogs';
const check = (ownsApiGatewayAccountRole: boolean) => checkApiGatewayAccountRole(new APIGatewayClient({}), { ownsApiGatewayAccountRole, stackName: 'ChurnPrediction-Prod' });

beforeEach(() => apiGateway.reset());

describe('API Gateway CloudWatch Logs role check', () => {
  test('a stage whose stack sets the role passes without asking API Gateway', async () => {
    expect(await check(true)).toMatchObject({ ok: true, detail: expect.stringContaining('ChurnPrediction-Prod sets the account\'s role itself') });
    expect(apiGateway.calls()).toHaveLength(0);
  });

  test('a stage that relies on the account: a role set in the account passes, naming it', async () => {
    apiGateway.on(GetAccountCommand).resolves({ cloudwatchRoleArn: ROLE });
    expect(await check(false)).toEqual({ check: 'API Gateway CloudWatch Logs role', ok: true, detail: `set to ${ROLE}`, fix: '' });
  });

  test('a stage that relies on the account: no role in the account fails, with how to set one', async () => {
    apiGateway.on(GetAccountCommand).resolves({ throttleSettings: { rateLimit: 10000, burstLimit: 5000 } });
    const result = await check(false);
    expect(result).toMatchObject({ ok: false, detail: 'ChurnPrediction-Prod does not set it, and the account has none in this region' });
    expect(result.fix).toContain('aws apigateway update-account --patch-operations op=replace,path=/cloudwatchRoleArn,value=<role ARN>');
    expect(result.fix).toContain('ownsApiGatewayAccountRole');
  });

  test('an empty role ARN counts as none', async () => {
    apiGateway.on(GetAccountCommand).resolves({ cloudwatchRoleArn: '' });
    expect((await check(false)).ok).toBe(false);
  });

  test('access denied fails naming apigateway:GET on /account', async () => {
    apiGateway.on(GetAccountCommand).rejects(new UnauthorizedException({ message: 'not authorized', $metadata: { httpStatusCode: 403 } }));
    expect(await check(false)).toMatchObject({ ok: false, fix: expect.stringMatching(/^allow apigateway:GET on \/account to the credentials/) });
  });

  test('throttling fails with "run again"', async () => {
    apiGateway.on(GetAccountCommand).rejects(new TooManyRequestsException({ message: 'Too Many Requests', $metadata: { httpStatusCode: 429 } }));
    expect(await check(false)).toMatchObject({ ok: false, detail: expect.stringContaining('TooManyRequestsException'), fix: expect.stringContaining('run the preflight again') });
  });
});
