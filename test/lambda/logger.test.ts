import { Logger } from '@aws-lambda-powertools/logger';
import { createPowertoolsRequestLogger } from '../../lambda/shared/logger';
import { lambdaContext } from './support';

/** A request logger on a fresh Powertools Logger, and the JSON lines it wrote to stdout and stderr. */
function loggerWithOutput() {
  const chunks: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  };
  const spies = [jest.spyOn(process.stdout, 'write').mockImplementation(capture), jest.spyOn(process.stderr, 'write').mockImplementation(capture)];
  const logger = createPowertoolsRequestLogger(new Logger({ serviceName: 'PredictFunction' }));
  return {
    logger,
    entries: () => chunks.join('').split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>),
    restore: () => spies.forEach((spy) => spy.mockRestore()),
  };
}

describe('createPowertoolsRequestLogger', () => {
  let output: ReturnType<typeof loggerWithOutput>;
  beforeEach(() => { output = loggerWithOutput(); });
  afterEach(() => output.restore());

  test('each entry is one JSON line with level, message, service, the Lambda request id and the invocation keys', () => {
    output.logger.beginInvocation(lambdaContext(30_000, 'req-42'), { apiRequestId: 'api-42' });
    output.logger.info('scored', { statusCode: 200, records: 3 });
    output.logger.error('model call failed', { faultCode: 'ModelError', originalStatusCode: undefined });
    const [info, error] = output.entries();
    expect(info).toMatchObject({
      level: 'INFO', message: 'scored', service: 'PredictFunction', function_request_id: 'req-42',
      function_name: 'PredictFunction-test', apiRequestId: 'api-42', statusCode: 200, records: 3,
    });
    expect(error).toMatchObject({ level: 'ERROR', message: 'model call failed', function_request_id: 'req-42', faultCode: 'ModelError' });
    expect(error).not.toHaveProperty('originalStatusCode');
  });

  test('the keys of one invocation do not leak into the next', () => {
    output.logger.beginInvocation(lambdaContext(30_000, 'req-1'), { apiRequestId: 'api-1', targetVariant: 'Blue' });
    output.logger.info('first');
    output.logger.beginInvocation(lambdaContext(30_000, 'req-2'), { apiRequestId: 'api-2' });
    output.logger.info('second');
    const [, second] = output.entries();
    expect(second).toMatchObject({ function_request_id: 'req-2', apiRequestId: 'api-2' });
    expect(second).not.toHaveProperty('targetVariant');
  });
});
