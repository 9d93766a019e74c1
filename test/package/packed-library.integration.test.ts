/**
 * The library as a consumer gets it: `npm pack` (which builds dist/), the tarball installed beside
 * a copy of examples/consumer-app, the example type-checked against the packed declarations and
 * synthesized by the CDK CLI, which bundles the function from the installed package with esbuild.
 * Slow (about half a minute): it packs, type-checks and synthesizes in child processes.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { modelVersionOfArchive } from '../../lib/api/model-version';
import { BUNDLED_MODEL_ARCHIVE } from '../../lib/endpoint/churn-model-endpoint';
import { installConsumerProject, packLibrary, REPO_ROOT, run, toolEnvironment } from './consumer-project';

const SLOW_MS = 240_000;
const EXAMPLE = path.join(REPO_ROOT, 'examples', 'consumer-app');
const STACK = 'ChurnScoring';
const MODEL_URL = 's3://acme-ml-models/churn/2026-11-01/model.tar.gz';

let work: string;
let consumer: string;
let installed: string;
let template: Template;

/** The files of a directory, relative to it, with '/' separators. */
function filesUnder(directory: string): string[] {
  return fs.readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(directory, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'churn-packed-'));
  consumer = path.join(work, 'consumer');
  fs.mkdirSync(consumer);
  const tarball = packLibrary(work);
  installed = installConsumerProject({ exampleDirectory: EXAMPLE, tarball, directory: consumer });
  run('npx', ['--no-install', 'cdk', 'synth', '--quiet'], consumer);
  template = Template.fromJSON(JSON.parse(fs.readFileSync(path.join(consumer, 'cdk.out', `${STACK}.template.json`), 'utf8')));
}, SLOW_MS);

afterAll(() => {
  if (work !== undefined) fs.rmSync(work, { recursive: true, force: true });
});

describe('the packed library', () => {
  test('holds compiled JavaScript with declarations, the function\'s sources and the bundled model; no tests, no lib sources', () => {
    const files = filesUnder(installed);
    expect(files).toEqual(expect.arrayContaining([
      'package.json', 'dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/lib/churn-prediction-service.js',
      'lambda/predict/handler.ts', 'lambda/shared/sagemaker-runtime-client.ts', 'contract/prediction-contract.ts',
      'model/model.tar.gz', 'model/feature-schema.json', 'docs/CONSTRUCTS.md',
    ]));
    expect(files.filter((file) => /^(test|bin|local|scripts|bench|examples)\//.test(file) || /^lib\/.*\.ts$/.test(file))).toEqual([]);
    expect(fs.readFileSync(path.join(installed, 'model', 'model.tar.gz'))).toEqual(fs.readFileSync(path.join(REPO_ROOT, 'model', 'model.tar.gz')));
  });

  test('resolves the bundled model archive inside the installed package, where it loads from dist/', () => {
    const script = "const lib = require('churn-prediction-service'); "
      + 'process.stdout.write(JSON.stringify({ entry: require.resolve(\'churn-prediction-service\'), archive: lib.BUNDLED_MODEL_ARCHIVE, '
      + 'version: lib.modelVersionOfArchive(lib.BUNDLED_MODEL_ARCHIVE) }))';
    const answer = JSON.parse(run(process.execPath, ['-e', script], consumer).stdout) as { entry: string; archive: string; version: string };
    expect(answer).toEqual({
      entry: path.join(installed, 'dist', 'lib', 'index.js'),
      archive: path.join(installed, 'model', 'model.tar.gz'),
      version: modelVersionOfArchive(BUNDLED_MODEL_ARCHIVE),
    });
  });

  test('the example app is at most 15 lines', () => {
    expect(fs.readFileSync(path.join(EXAMPLE, 'app.ts'), 'utf8').trimEnd().split('\n').length).toBeLessThanOrEqual(15);
  });

  test('the example type-checks against the packed declarations', () => {
    const tsc = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: consumer, env: toolEnvironment(), encoding: 'utf8' });
    expect(`${result.stdout}${result.stderr}`).toBe('');
    expect(result.status).toBe(0);
  }, SLOW_MS);
});

describe('the example synthesized from the packed library', () => {
  test('one serverless endpoint, whose model serves the user\'s archive, and no bundled model uploaded', () => {
    template.resourceCountIs('AWS::SageMaker::Endpoint', 1);
    template.resourceCountIs('AWS::SageMaker::Model', 1);
    template.hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: Match.objectLike({ ModelDataUrl: MODEL_URL }),
    });
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [Match.objectLike({ VariantName: 'AllTraffic', ServerlessConfig: Match.objectLike({ MaxConcurrency: 5 }) })],
    });
    const manifest = JSON.parse(fs.readFileSync(path.join(consumer, 'cdk.out', `${STACK}.assets.json`), 'utf8')) as {
      files: Record<string, { source: { path: string; packaging?: string } }>;
    };
    const sources = Object.values(manifest.files).map((file) => file.source);
    expect(sources.filter((source) => source.path.endsWith('.tar.gz'))).toEqual([]);
  });

  test('the model may read exactly the user\'s archive', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 's3:GetObject',
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::acme-ml-models/churn/2026-11-01/model.tar.gz']] },
        })]),
      },
    });
  });

  test('the function reports the user\'s model version; its bundle, built at synth as the repository builds it, loads on its own and exports the handler', () => {
    const functions = template.findResources('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: Match.objectLike({ MODEL_VERSION: 'churn-2026-11-01' }) } },
    });
    expect(Object.keys(functions)).toHaveLength(1);
    const [predictFunction] = Object.values(functions) as { Properties: { Code: { S3Key: string } } }[];
    // Copied out of the project, so it cannot load anything from the project's node_modules.
    const bundle = path.join(work, 'probe', 'index.js');
    fs.mkdirSync(path.dirname(bundle));
    fs.copyFileSync(path.join(consumer, 'cdk.out', `asset.${predictFunction.Properties.Code.S3Key.replace(/\.zip$/, '')}`, 'index.js'), bundle);
    // Bundled as lib/api/predict-handler-bundling.ts says: no import() left (Jest could not load it).
    expect(fs.readFileSync(bundle, 'utf8')).not.toMatch(/\bimport\(/);
    const probe = spawnSync(process.execPath, ['-e', 'process.stdout.write(typeof require(process.argv[1]).handler)', bundle], {
      cwd: work,
      env: {
        ...toolEnvironment(), ENDPOINT_NAME: 'churn', MODEL_VERSION: 'churn-2026-11-01', AWS_REGION: 'eu-west-1',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      encoding: 'utf8',
    });
    expect(probe.stderr).toBe('');
    expect(probe.stdout).toBe('function');
  });
});
