import { DEV, PROD } from '../../../lib/stage-config';
import { HelpRequested, parsePreflightArguments } from '../../../scripts/preflight/arguments';

describe('preflight arguments', () => {
  test('--stage picks the stage\'s settings; the toolkit stack defaults to CDKToolkit', () => {
    expect(parsePreflightArguments(['--stage', 'Prod', '--region', 'eu-west-1'], {})).toEqual({ stage: PROD, region: 'eu-west-1', toolkitStackName: 'CDKToolkit' });
    expect(parsePreflightArguments(['--stage=Dev', '--toolkit-stack-name', 'MyToolkit'], { AWS_REGION: 'us-east-1' }))
      .toEqual({ stage: DEV, region: 'us-east-1', toolkitStackName: 'MyToolkit' });
  });

  test('the region falls back to AWS_REGION, then AWS_DEFAULT_REGION; --region wins', () => {
    expect(parsePreflightArguments(['--stage', 'Dev'], { AWS_DEFAULT_REGION: 'ap-southeast-2' }).region).toBe('ap-southeast-2');
    expect(parsePreflightArguments(['--stage', 'Dev'], { AWS_REGION: 'eu-central-1', AWS_DEFAULT_REGION: 'ap-southeast-2' }).region).toBe('eu-central-1');
    expect(parsePreflightArguments(['--stage', 'Dev', '--region', 'us-gov-west-1'], { AWS_REGION: 'eu-central-1' }).region).toBe('us-gov-west-1');
  });

  test('every problem is named at once', () => {
    expect(() => parsePreflightArguments([], {})).toThrow('give --stage (Dev or Prod)\ngive --region (or set AWS_REGION)');
    expect(() => parsePreflightArguments(['--stage', 'prod', '--region', 'Ireland', '--toolkit-stack-name', ' '], {})).toThrow(
      '--stage must be one of Dev, Prod, got "prod"\n--region must look like eu-west-1, got "Ireland"\n--toolkit-stack-name must not be blank',
    );
  });

  test('unknown options and stray words are refused; --help asks for help', () => {
    expect(() => parsePreflightArguments(['--stage', 'Dev', '--region', 'eu-west-1', '--force'], {})).toThrow(/Unknown option '--force'/);
    expect(() => parsePreflightArguments(['Dev'], {})).toThrow(/Unexpected argument 'Dev'/);
    expect(() => parsePreflightArguments(['--help'], {})).toThrow(HelpRequested);
  });
});
