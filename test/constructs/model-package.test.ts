import * as fs from 'fs';
import * as path from 'path';
import { App, CfnElement, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ModelContract } from '../../contract/model-contract';
import { openApiDocument } from '../../contract/openapi-document';
import { predictionRequestSchema } from '../../contract/prediction-contract';
import { ModelContractLayer } from '../../lib/api/model-contract-layer';
import { modelVersionOfArchive } from '../../lib/model/model-identity';
import { ChurnPredictionService } from '../../lib/churn-prediction-service';
import { ChurnModelEndpoint } from '../../lib/endpoint/churn-model-endpoint';
import { VariantCapacity } from '../../lib/endpoint/variant-capacity';
import { ModelPackage } from '../../lib/model/model-package';
import { createTestApp } from '../support/app';
import {
  archivedModelOf, bundledCopiesRemovedAfterAll, BUNDLED_CONTRACT, BUNDLED_PACKAGE_DIR, contractOf, STATE_PACKAGE_DIR,
} from '../support/model-packages';
import { tarGz } from '../support/tar-writer';

const STATE_CONTRACT = contractOf(STATE_PACKAGE_DIR);
/** Copies of the bundled package with files replaced or removed, removed after the tests. */
const bundledCopy = bundledCopiesRemovedAfterAll();

/** The bundled model's JSON with learner parts replaced, as the one file of an archive. */
function bundledArchiveWith(learnerParts: Record<string, unknown>): Buffer {
  const document = archivedModelOf(BUNDLED_PACKAGE_DIR);
  return tarGz([{ name: 'xgboost-model', content: JSON.stringify({ ...document, learner: { ...document.learner, ...learnerParts } }) }]);
}

/** The message a construct throws; fails the test when it builds. */
function errorOf(build: () => unknown): string {
  try {
    build();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the construct to throw, but it was built');
}

/** The file assets of a synthesized stack, by the S3 key of their upload. */
function fileAssets(app: App, stack: Stack): Map<string, string> {
  const assembly = app.synth();
  const manifest = JSON.parse(fs.readFileSync(path.join(assembly.directory, `${stack.artifactId}.assets.json`), 'utf8')) as {
    files: Record<string, { source: { path: string }; destinations: Record<string, { objectKey: string }> }>;
  };
  return new Map(Object.values(manifest.files).map((file) => [
    Object.values(file.destinations)[0].objectKey, path.join(assembly.directory, file.source.path),
  ]));
}

type Resource = { Properties: Record<string, unknown> };

describe('ChurnPredictionService serving a model package of its own (examples/state-model)', () => {
  const app = createTestApp();
  const stack = new Stack(app, 'StateModel');
  const service = new ChurnPredictionService(stack, 'Svc', { model: ModelPackage.fromDirectory(STATE_PACKAGE_DIR) });
  const template = Template.fromStack(stack);
  const [predictFunction] = Object.values(template.findResources('AWS::Lambda::Function', {
    Properties: { Handler: 'index.handler' },
  })) as Resource[];
  const assets = fileAssets(app, stack);

  test('the API\'s request model requires exactly the package\'s fields: state, no area code, no charges', () => {
    const requestModel = template.findResources('AWS::ApiGateway::Model')[stack.getLogicalId(service.api.requestModel.node.defaultChild as CfnElement)];
    expect(requestModel.Properties.Schema).toEqual(predictionRequestSchema({ maxRecords: 100, allowedVariants: ['AllTraffic'], fields: STATE_CONTRACT.fields }));
    const record = (requestModel.Properties.Schema as { properties: { records: { items: { required: string[] } } } }).properties.records.items;
    expect(record.required).toEqual(STATE_CONTRACT.fields.map((field) => field.name));
    expect(record.required).toEqual(expect.arrayContaining(['state', 'totalDayMinutes']));
    expect(record.required).not.toContain('areaCode');
    expect(record.required).not.toContain('totalDayCharge');
  });

  test('the model serves the package\'s archive, and answers report its version, a digest of that archive', () => {
    const modelDataUrl = (template.findResources('AWS::SageMaker::Model') as Record<string, Resource>)[
      stack.getLogicalId(service.modelEndpoint.model.node.findChild('Model') as CfnElement)].Properties.PrimaryContainer as { ModelDataUrl: unknown };
    const key = JSON.stringify(modelDataUrl.ModelDataUrl).match(/[0-9a-f]{64}(\.tar)?\.gz/)?.[0] as string;
    expect(fs.readFileSync(assets.get(key) as string)).toEqual(fs.readFileSync(path.join(STATE_PACKAGE_DIR, 'model.tar.gz')));
    expect(predictFunction.Properties.Environment).toEqual({
      Variables: expect.objectContaining({ MODEL_VERSION: modelVersionOfArchive(path.join(STATE_PACKAGE_DIR, 'model.tar.gz')) }),
    });
  });

  test('the contract reaches the function at deploy time, in a layer: MODEL_CONTRACT_FILE names its file, which holds the package\'s contract', () => {
    const layerId = stack.getLogicalId(service.predictFunction.contractLayer.layerVersion.node.defaultChild as CfnElement);
    expect(predictFunction.Properties.Layers).toEqual([{ Ref: layerId }]);
    expect(predictFunction.Properties.Environment).toEqual({
      Variables: expect.objectContaining({ MODEL_CONTRACT_FILE: '/opt/model-contract/contract.json' }),
    });
    expect(ModelContractLayer.CONTRACT_FILE).toBe('/opt/model-contract/contract.json');
    const layer = template.findResources('AWS::Lambda::LayerVersion')[layerId] as Resource;
    const layerDirectory = assets.get((layer.Properties.Content as { S3Key: string }).S3Key) as string;
    expect(fs.readdirSync(layerDirectory, { recursive: true })).toEqual(['model-contract', path.join('model-contract', 'contract.json')]);
    const deployed = JSON.parse(fs.readFileSync(path.join(layerDirectory, 'model-contract', 'contract.json'), 'utf8')) as ModelContract;
    expect(deployed).toEqual(STATE_CONTRACT);
  });

  test('the OpenAPI document of this deployment describes the package\'s record, as the request model does', () => {
    const document = service.api.openApiDocument() as { components: { schemas: Record<string, unknown> } };
    expect(document).toEqual(openApiDocument(STATE_CONTRACT, { maxRecords: 100, allowedVariants: ['AllTraffic'] }));
    const { $schema: _dialect, ...request } = predictionRequestSchema({ maxRecords: 100, allowedVariants: ['AllTraffic'], fields: STATE_CONTRACT.fields });
    expect(document.components.schemas.PredictionRequest).toEqual(request);
  });

  test('one bundle serves any package: the function\'s code is the same as with the bundled model, only the layer differs', () => {
    const otherApp = createTestApp();
    const bundledStack = new Stack(otherApp, 'Bundled');
    new ChurnPredictionService(bundledStack, 'Svc');
    const bundled = Template.fromStack(bundledStack);
    const [bundledFunction] = Object.values(bundled.findResources('AWS::Lambda::Function', { Properties: { Handler: 'index.handler' } })) as Resource[];
    expect(bundledFunction.Properties.Code).toEqual(predictFunction.Properties.Code);
    const layerKeys = [bundled, template].map((each) => (Object.values(each.findResources('AWS::Lambda::LayerVersion'))[0] as Resource).Properties.Content);
    expect(layerKeys[0]).not.toEqual(layerKeys[1]);
  });
});

describe('synth refuses a package that does not match its contract, naming every problem in one error', () => {
  test('a swapped archive (other features), an archive with two files, and variants with different contracts: one error names all three', () => {
    const swapped = bundledCopy({ 'model.tar.gz': fs.readFileSync(path.join(STATE_PACKAGE_DIR, 'model.tar.gz')) });
    const model = fs.readFileSync(path.join(BUNDLED_PACKAGE_DIR, 'model.tar.gz'));
    const twoFiles = bundledCopy({ 'model.tar.gz': tarGz([{ name: 'xgboost-model', content: JSON.stringify(archivedModelOf(BUNDLED_PACKAGE_DIR)) }, { name: 'model.tar.gz.bak', content: model }]) });
    const message = errorOf(() => new ChurnPredictionService(new Stack(createTestApp(), 'Refused'), 'Svc', {
      endpoint: {
        variants: [
          { variantName: 'Champion', model: ModelPackage.fromDirectory(swapped) },
          { variantName: 'Challenger', model: ModelPackage.fromDirectory(twoFiles) },
          { variantName: 'State', model: ModelPackage.fromDirectory(STATE_PACKAGE_DIR) },
        ],
      },
      predictions: { modelVersion: 'release-7' },
    }));
    expect(message.split('\n- ')).toEqual([
      'Invalid ChurnPredictionService props:',
      expect.stringMatching(new RegExp(`^endpoint\\.variants\\[0\\]\\.model \\(${swapped}\\): xgboost-model's feature names differ from the contract's features: `
        + 'the model takes 65 features, the contract lists 21;')),
      `endpoint.variants[1].model (${twoFiles}): model.tar.gz holds 2 files (xgboost-model, model.tar.gz.bak): the serving container loads every `
        + 'file and averages their predictions as an ensemble; it must hold exactly one, xgboost-model',
      expect.stringMatching(new RegExp(`^endpoint\\.variants\\[2\\]\\.model \\(${STATE_PACKAGE_DIR}\\) serves another input contract than endpoint\\.variants\\[0\\]\\.model `
        + `\\(${swapped}\\), but one API and one function serve every variant: it lacks fields areaCode, totalDayCharge, .*; it has other fields state; `
        + 'its model takes 65 features where 21 are expected')),
    ]);
  });

  test('another objective and an early-stopping limit: both named', () => {
    const directory = bundledCopy({ 'model.tar.gz': bundledArchiveWith({ objective: { name: 'reg:logistic' }, attributes: { best_iteration: '99', best_ntree_limit: '100' } }) });
    const message = errorOf(() => new ChurnPredictionService(new Stack(createTestApp(), 'Refused'), 'Svc', { model: ModelPackage.fromDirectory(directory) }));
    expect(message).toContain(`- model (${directory}): xgboost-model's objective is "reg:logistic"; the service serves binary:logistic models only`);
    expect(message).toContain(`- model (${directory}): xgboost-model stores best_ntree_limit 100 (early stopping): the serving container scores only its first 100 of 250 trees`);
  });

  test('a shadow variant of another contract: refused too', () => {
    const message = errorOf(() => new ChurnPredictionService(new Stack(createTestApp(), 'Refused'), 'Svc', {
      endpoint: { variants: [{ variantName: 'Live' }], shadowVariant: { variantName: 'Shadow', model: ModelPackage.fromDirectory(STATE_PACKAGE_DIR) } },
    }));
    expect(message).toMatch(/- endpoint\.shadowVariant\.model \(.*state-model\) serves another input contract than endpoint\.variants\[0\]\.model \(the bundled churn model \(model\/bundled\)\)/);
  });

  test('the endpoint alone refuses the same problems', () => {
    const directory = bundledCopy({ 'model.tar.gz': undefined });
    expect(errorOf(() => new ChurnModelEndpoint(new Stack(createTestApp(), 'Refused'), 'Endpoint', { model: ModelPackage.fromDirectory(directory) })))
      .toBe(`Invalid ChurnModelEndpoint props:\n- model (${directory}): model.tar.gz cannot be read: it does not exist`);
  });

  test('model together with variants: the shorthand is named', () => {
    expect(errorOf(() => new ChurnModelEndpoint(new Stack(createTestApp(), 'Refused'), 'Endpoint', {
      model: ModelPackage.bundled(), variants: [{ variantName: 'A' }],
    }))).toContain('give either variants or the single-variant model/modelData/capacity, not both');
  });
});

describe('variants serving packages of one contract', () => {
  test('the bundled package retrained as another archive: accepted; modelVersion is required, since the versions differ', () => {
    const retrained = bundledCopy({});
    // Same trees and contract; a different archive (no gzip compression level, other bytes), so another version.
    fs.writeFileSync(path.join(retrained, 'model.tar.gz'), tarGz([{ name: 'xgboost-model', content: JSON.stringify(archivedModelOf(BUNDLED_PACKAGE_DIR)) }]));
    const variants = [
      { variantName: 'Blue', model: ModelPackage.bundled(), capacity: VariantCapacity.instances({ initialInstanceCount: 1 }) },
      { variantName: 'Green', model: ModelPackage.fromDirectory(retrained), capacity: VariantCapacity.instances({ initialInstanceCount: 1 }) },
    ];
    expect(errorOf(() => new ChurnPredictionService(new Stack(createTestApp(), 'AB'), 'Svc', { endpoint: { variants } })))
      .toContain('predictions.modelVersion is required when the production variants serve packages of different versions');
    const stack = new Stack(createTestApp(), 'AB');
    const service = new ChurnPredictionService(stack, 'Svc', { endpoint: { variants }, predictions: { modelVersion: 'blue-green-2' } });
    expect(service.modelEndpoint.contract).toEqual(BUNDLED_CONTRACT);
    expect(Object.keys(service.modelEndpoint.models)).toEqual(['Blue', 'Green']);
  });

  test('the same package on every variant: its version is reported, no modelVersion needed', () => {
    const model = ModelPackage.fromDirectory(STATE_PACKAGE_DIR);
    const service = new ChurnPredictionService(new Stack(createTestApp(), 'AB'), 'Svc', {
      endpoint: { variants: [{ variantName: 'A', model }, { variantName: 'B', model }] },
    });
    expect(service.api.contract).toEqual(STATE_CONTRACT);
    expect(model.version).toBe(modelVersionOfArchive(path.join(STATE_PACKAGE_DIR, 'model.tar.gz')));
  });
});

describe('ModelPackage.fromBucket: an archive already in S3, its contract given beside it', () => {
  const contractFile = path.join(STATE_PACKAGE_DIR, 'contract.json');

  test('the model reads exactly that object; the API follows the contract; a warning says the archive is checked only after deploy', () => {
    const stack = new Stack(createTestApp(), 'FromBucket');
    const bucket = s3.Bucket.fromBucketName(stack, 'Models', 'acme-ml-models');
    const model = ModelPackage.fromBucket(bucket, 'churn/state/model.tar.gz', { contractFile, version: 'state-2026-11' });
    expect(model.problems).toEqual([]);
    const service = new ChurnPredictionService(stack, 'Svc', { model, endpoint: { capacity: VariantCapacity.serverless() } });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SageMaker::Model', { PrimaryContainer: Match.objectLike({ ModelDataUrl: 's3://acme-ml-models/churn/state/model.tar.gz' }) });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 's3:GetObject',
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::acme-ml-models/churn/state/model.tar.gz']] },
        })]),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ MODEL_VERSION: 'state-2026-11' }) } });
    expect(service.api.contract).toEqual(STATE_CONTRACT);
    Annotations.fromStack(stack).hasWarning('/FromBucket/Svc/ModelEndpoint', Match.stringLikeRegexp(
      'The archive of s3://acme-ml-models/churn/state/model.tar.gz is in S3, so synth could not check it.*npm run verify -- --model',
    ));
  });

  test('a contract file that cannot be read and a key that is not a .tar.gz: both named', () => {
    const stack = new Stack(createTestApp(), 'FromBucket');
    const bucket = s3.Bucket.fromBucketName(stack, 'Models', 'acme-ml-models');
    const model = ModelPackage.fromBucket(bucket, 'churn/model.json', { contractFile: '/no/such/contract.json', version: 'v1' });
    expect(errorOf(() => new ChurnPredictionService(stack, 'Svc', { model })).split('\n- ').slice(1)).toEqual([
      'model (s3://acme-ml-models/churn/model.json): /no/such/contract.json cannot be read: it does not exist',
      'model (s3://acme-ml-models/churn/model.json): the object key must name a .tar.gz archive, got churn/model.json',
    ]);
  });
});

describe('the deprecated modelData', () => {
  test('is served with the bundled model\'s contract, and a warning says nothing checks it', () => {
    const stack = new Stack(createTestApp(), 'Bare');
    const bucket = s3.Bucket.fromBucketName(stack, 'Models', 'acme-ml-models');
    const service = new ChurnPredictionService(stack, 'Svc', {
      endpoint: {
        variants: [{
          variantName: 'AllTraffic',
          modelData: ModelPackage.fromBucket(bucket, 'churn/model.tar.gz', { contractFile: path.join(BUNDLED_PACKAGE_DIR, 'contract.json'), version: 'x' }).modelData(),
        }],
      },
      predictions: { modelVersion: 'churn-1' },
    });
    expect(service.api.contract).toEqual(BUNDLED_CONTRACT);
    Annotations.fromStack(stack).hasWarning('/Bare/Svc/ModelEndpoint', Match.stringLikeRegexp('modelData is a bare archive: nothing checks'));
  });

  test('together with model: refused', () => {
    const stack = new Stack(createTestApp(), 'Bare');
    expect(errorOf(() => new ChurnPredictionService(stack, 'Svc', {
      endpoint: { variants: [{ variantName: 'AllTraffic', model: ModelPackage.bundled(), modelData: ModelPackage.bundled().modelData() }] },
    }))).toContain('- endpoint.variants[0].model: give model or modelData, not both');
  });
});
