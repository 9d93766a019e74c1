/**
 * The library as a consumer gets it: `npm pack` (which builds dist/), the tarball installed beside
 * a copy of examples/consumer-app and of the model package it serves (examples/state-model), the
 * example type-checked against the packed declarations and synthesized by the CDK CLI, which
 * bundles the function from the installed package with esbuild. The synthesized function bundle
 * then runs, with the synthesized contract layer, against a local stand-in of the endpoint.
 * Slow (about a minute): it packs, type-checks and synthesizes in child processes.
 */
import { execFile, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { modelVersionOfArchive } from '../../lib/model/model-identity';
import { BUNDLED_MODEL_ARCHIVE } from '../../lib/model/model-identity';
import { loadLocalModelPackage } from '../../local/local-model-package';
import { SageMakerRuntimeStandIn, startSageMakerRuntimeStandIn } from '../../local/sagemaker-runtime/sagemaker-runtime-stand-in';
import { BUNDLED_GOLDEN, contractOf, goldenOf, STATE_PACKAGE_DIR } from '../support/model-packages';
import { installConsumerProject, packLibrary, REPO_ROOT, run, toolEnvironment } from './consumer-project';

const SLOW_MS = 240_000;
const EXAMPLE = path.join(REPO_ROOT, 'examples', 'consumer-app');
const STACK = 'ChurnScoring';
const STATE_CONTRACT = contractOf(STATE_PACKAGE_DIR);
const STATE_GOLDEN = goldenOf(STATE_PACKAGE_DIR);
/** How far the synthesized function and the stand-in may be from the package's golden.json. */
const GOLDEN_TOLERANCE = 1e-7;

let work: string;
let consumer: string;
let installed: string;
let template: Template;
let assetManifest: { files: Record<string, { source: { path: string; packaging?: string } }> };

/** The files of a directory, relative to it, with '/' separators. */
function filesUnder(directory: string): string[] {
  return fs.readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(directory, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

/** The directory cdk.out staged an asset in, by the S3 key its resource refers to. */
function assetDirectory(s3Key: string): string {
  return path.join(consumer, 'cdk.out', `asset.${s3Key.replace(/\.zip$/, '')}`);
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'churn-packed-'));
  // The example's layout, so app.ts finds its package at ../state-model.
  consumer = path.join(work, 'examples', 'consumer-app');
  fs.mkdirSync(consumer, { recursive: true });
  fs.cpSync(STATE_PACKAGE_DIR, path.join(work, 'examples', 'state-model'), { recursive: true });
  const tarball = packLibrary(work);
  installed = installConsumerProject({ exampleDirectory: EXAMPLE, tarball, directory: consumer });
  run('npx', ['--no-install', 'cdk', 'synth', '--quiet'], consumer);
  template = Template.fromJSON(JSON.parse(fs.readFileSync(path.join(consumer, 'cdk.out', `${STACK}.template.json`), 'utf8')));
  assetManifest = JSON.parse(fs.readFileSync(path.join(consumer, 'cdk.out', `${STACK}.assets.json`), 'utf8'));
}, SLOW_MS);

afterAll(() => {
  if (work !== undefined) fs.rmSync(work, { recursive: true, force: true });
});

describe('the packed library', () => {
  test('holds compiled JavaScript with declarations, the function\'s sources and the bundled model package; no tests, no lib sources', () => {
    const files = filesUnder(installed);
    expect(files).toEqual(expect.arrayContaining([
      'package.json', 'dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/lib/churn-prediction-service.js', 'dist/lib/model/model-package.js',
      'lambda/predict/handler.ts', 'lambda/shared/sagemaker-runtime-client.ts', 'contract/prediction-contract.ts', 'contract/model-contract.ts',
      'model/bundled/model.tar.gz', 'model/bundled/contract.json', 'model/bundled/golden.json', 'model/bundled/metrics.json', 'docs/CONSTRUCTS.md',
      // The Model Monitor baseline the data-quality schedule uploads, and the analyzer's registries.
      'model/bundled/statistics.json', 'model/bundled/constraints.json', 'dist/lib/endpoint/model-monitor-registries.json',
    ]));
    expect(files.filter((file) => /^(test|bin|local|scripts|bench|examples)\//.test(file) || /^lib\/.*\.ts$/.test(file))).toEqual([]);
    expect(fs.readFileSync(path.join(installed, 'model', 'bundled', 'model.tar.gz'))).toEqual(fs.readFileSync(BUNDLED_MODEL_ARCHIVE));
  });

  test('resolves the bundled model archive inside the installed package, where it loads from dist/', () => {
    const script = "const lib = require('churn-prediction-service'); "
      + 'process.stdout.write(JSON.stringify({ entry: require.resolve(\'churn-prediction-service\'), archive: lib.BUNDLED_MODEL_ARCHIVE, '
      + 'bundled: lib.ModelPackage.bundled().version }))';
    const answer = JSON.parse(run(process.execPath, ['-e', script], consumer).stdout) as { entry: string; archive: string; bundled: string };
    expect(answer).toEqual({
      entry: path.join(installed, 'dist', 'lib', 'index.js'),
      archive: path.join(installed, 'model', 'bundled', 'model.tar.gz'),
      bundled: modelVersionOfArchive(BUNDLED_MODEL_ARCHIVE),
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

describe('the example synthesized from the packed library, serving the example package (examples/state-model)', () => {
  test('with a plain cdk.json (no feature flags): the example\'s app synthesizes', () => {
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(EXAMPLE, 'cdk.json'), 'utf8')).context ?? {})).toEqual(['cli-telemetry']);
  });

  test('one instance endpoint capturing 10 % of requests, whose model serves the package\'s archive, uploaded as an asset; the bundled model is not uploaded', () => {
    template.resourceCountIs('AWS::SageMaker::Endpoint', 1);
    template.resourceCountIs('AWS::SageMaker::Model', 1);
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [Match.objectLike({ VariantName: 'AllTraffic', InstanceType: 'ml.c5.large', InitialInstanceCount: 2 })],
      DataCaptureConfig: Match.objectLike({ InitialSamplingPercentage: 10 }),
    });
    const archives = Object.values(assetManifest.files).map((file) => file.source.path).filter((source) => source.endsWith('.gz'));
    expect(archives).toHaveLength(1);
    expect(fs.readFileSync(path.join(consumer, 'cdk.out', archives[0]))).toEqual(fs.readFileSync(path.join(STATE_PACKAGE_DIR, 'model.tar.gz')));
  });

  test('the model runs in the private subnets of the app\'s own VPC; the service creates none', () => {
    template.resourceCountIs('AWS::EC2::VPC', 1);
    const privateSubnets = Object.entries(template.findResources('AWS::EC2::Subnet'))
      .filter(([, subnet]) => (subnet.Properties.Tags as { Key: string; Value: string }[]).some((tag) => tag.Key === 'aws-cdk:subnet-type' && tag.Value === 'Private'))
      .map(([id]) => ({ Ref: id }));
    expect(privateSubnets).toHaveLength(2);
    template.hasResourceProperties('AWS::SageMaker::Model', { VpcConfig: Match.objectLike({ Subnets: privateSubnets }) });
  });

  test('the stack has the opt-in outputs a caller and npm run verify read', () => {
    const outputs = Object.keys(template.findOutputs('*'));
    for (const name of ['PredictionsUrl', 'EndpointName']) expect(outputs.some((id) => id.includes(name))).toBe(true);
  });

  test('the API Gateway request model lists exactly that package\'s fields', () => {
    const models = Object.values(template.findResources('AWS::ApiGateway::Model'))
      .map((model) => model.Properties.Schema as { title: string; properties: Record<string, { items?: { required: string[]; properties: Record<string, unknown> } }> })
      .filter((schema) => schema.title === 'PredictionRequest');
    expect(models).toHaveLength(1);
    const record = models[0].properties.records.items as { required: string[]; properties: Record<string, unknown> };
    expect(record.required).toEqual(STATE_CONTRACT.fields.map((field) => field.name));
    expect(Object.keys(record.properties)).toEqual(['customerId', ...STATE_CONTRACT.fields.map((field) => field.name)]);
  });

  describe('the synthesized function bundle, with the synthesized contract layer, against a local stand-in of the endpoint', () => {
    let standIn: SageMakerRuntimeStandIn;
    let answers: { status: number; body: Record<string, unknown> }[];

    beforeAll(async () => {
      standIn = await startSageMakerRuntimeStandIn({ endpointName: 'churn-scoring', model: loadLocalModelPackage(STATE_PACKAGE_DIR).model });
      const [predictFunction] = Object.values(template.findResources('AWS::Lambda::Function', {
        Properties: { Environment: { Variables: Match.objectLike({ MODEL_CONTRACT_FILE: Match.anyValue() }) } },
      })) as { Properties: { Code: { S3Key: string }; Layers: { Ref: string }[]; Environment: { Variables: Record<string, unknown> } } }[];
      const layer = template.findResources('AWS::Lambda::LayerVersion')[predictFunction.Properties.Layers[0].Ref] as { Properties: { Content: { S3Key: string } } };
      // Copied out of the project, so the bundle cannot load anything from the project's node_modules;
      // the layer's folder is mounted where Lambda mounts it, under a stand-in for /opt.
      const probe = path.join(work, 'probe');
      fs.mkdirSync(probe);
      fs.copyFileSync(path.join(assetDirectory(predictFunction.Properties.Code.S3Key), 'index.js'), path.join(probe, 'index.js'));
      const opt = path.join(probe, 'opt');
      fs.cpSync(assetDirectory(layer.Properties.Content.S3Key), opt, { recursive: true });
      const variables = Object.fromEntries(Object.entries(predictFunction.Properties.Environment.Variables).filter(([, value]) => typeof value === 'string')) as Record<string, string>;
      const requests = [
        { records: STATE_GOLDEN.slice(0, 100).map(({ record }) => record) },
        { records: STATE_GOLDEN.slice(100).map(({ record }) => record) },
        { records: [BUNDLED_GOLDEN[0].record] },
      ];
      fs.writeFileSync(path.join(probe, 'requests.json'), JSON.stringify(requests));
      const script = [
        "const fs = require('fs');",
        "const { handler } = require('./index.js');",
        "const context = { awsRequestId: 'probe', functionName: 'probe', functionVersion: '$LATEST', memoryLimitInMB: '512',",
        "  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:probe', getRemainingTimeInMillis: () => 20000 };",
        '(async () => {',
        "  const requests = JSON.parse(fs.readFileSync('requests.json', 'utf8'));",
        '  const answers = [];',
        '  for (const request of requests) {',
        "    const result = await handler({ body: JSON.stringify(request), headers: {}, isBase64Encoded: false, requestContext: { requestId: 'probe' } }, context);",
        '    answers.push({ status: result.statusCode, body: JSON.parse(result.body) });',
        '  }',
        "  fs.writeFileSync('answers.json', JSON.stringify(answers));",
        '})();',
      ].join('\n');
      const { AWS_PROFILE: _profile, AWS_SESSION_TOKEN: _token, ...environment } = toolEnvironment();
      await promisify(execFile)(process.execPath, ['-e', script], {
        cwd: probe,
        env: {
          ...environment, ...variables,
          ENDPOINT_NAME: standIn.endpointName,
          MODEL_CONTRACT_FILE: variables.MODEL_CONTRACT_FILE.replace(/^\/opt\//, `${opt}/`),
          AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: standIn.url, AWS_REGION: 'eu-west-1',
          AWS_ACCESS_KEY_ID: 'PROBEKEY', AWS_SECRET_ACCESS_KEY: 'probe-secret', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
      });
      answers = JSON.parse(fs.readFileSync(path.join(probe, 'answers.json'), 'utf8'));
    }, SLOW_MS);

    afterAll(async () => {
      await standIn?.close();
    });

    test(`accepts the package's records, and the stand-in reproduces its ${STATE_GOLDEN.length} golden records within ${GOLDEN_TOLERANCE}`, () => {
      expect(answers.slice(0, 2).map(({ status }) => status)).toEqual([200, 200]);
      const probabilities = answers.slice(0, 2).flatMap(({ body }) => (body.predictions as { churnProbability: number }[]).map(({ churnProbability }) => churnProbability));
      expect(probabilities).toHaveLength(STATE_GOLDEN.length);
      const worst = Math.max(...probabilities.map((probability, index) => Math.abs(probability - STATE_GOLDEN[index].churnProbability)));
      expect(worst).toBeLessThanOrEqual(GOLDEN_TOLERANCE);
      expect(answers[0].body.modelVersion).toBe(modelVersionOfArchive(path.join(STATE_PACKAGE_DIR, 'model.tar.gz')));
    });

    test('rejects a record of the bundled churn package with 400, naming the fields it lacks and the ones it does not know', () => {
      expect(answers[2].status).toBe(400);
      const { code, details } = answers[2].body.error as { code: string; details: { field: string; message: string }[] };
      expect(code).toBe('InvalidRequest');
      expect(details).toEqual(expect.arrayContaining([
        { field: 'records[0].state', message: 'is required' },
        { field: 'records[0].areaCode', message: 'is not a known field' },
        { field: 'records[0].totalDayCharge', message: 'is not a known field' },
      ]));
    });
  });
});
