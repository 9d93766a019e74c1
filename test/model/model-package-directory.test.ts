import * as fs from 'fs';
import * as path from 'path';
import { modelVersionOfArchive } from '../../lib/model/model-identity';
import { readModelPackageDirectory } from '../../lib/model/model-package-directory';
import {
  archivedModelOf, bundledCopiesRemovedAfterAll, BUNDLED_GOLDEN, BUNDLED_PACKAGE_DIR, STATE_PACKAGE_DIR,
} from '../support/model-packages';
import { tarGz } from '../support/tar-writer';

const BUNDLED_MODEL_TEXT = JSON.stringify(archivedModelOf(BUNDLED_PACKAGE_DIR));
/** Copies of the bundled package with files replaced or removed, removed after the tests. */
const bundledCopy = bundledCopiesRemovedAfterAll();

describe('readModelPackageDirectory: a package checked as synth checks it', () => {
  test.each([['model/bundled', BUNDLED_PACKAGE_DIR], ['examples/state-model', STATE_PACKAGE_DIR]])('%s can be served', (_, directory) => {
    const read = readModelPackageDirectory(directory);
    expect(read.problems).toEqual([]);
    expect(read.version).toBe(modelVersionOfArchive(path.join(directory, 'model.tar.gz')));
    expect(read.model?.featureNames).toEqual(read.contract.features.map((feature) => feature.name));
    expect(read.golden).toHaveLength(200);
  });

  test('When model.tar.gz was swapped for another package\'s: the features are named, the golden records not scored', () => {
    const read = readModelPackageDirectory(bundledCopy({ 'model.tar.gz': fs.readFileSync(path.join(STATE_PACKAGE_DIR, 'model.tar.gz')) }));
    expect(read.problems).toEqual([expect.stringMatching(/^xgboost-model's feature names differ from the contract's features: the model takes 65 features, the contract lists 21;/)]);
    expect(read.model).toBeUndefined();
  });

  test('When the archive holds a second file: refused', () => {
    const read = readModelPackageDirectory(bundledCopy({
      'model.tar.gz': tarGz([{ name: 'xgboost-model', content: BUNDLED_MODEL_TEXT }, { name: 'xgboost-model-v1', content: BUNDLED_MODEL_TEXT }]),
    }));
    expect(read.problems).toEqual([expect.stringContaining('model.tar.gz holds 2 files (xgboost-model, xgboost-model-v1)')]);
  });

  test('When the archive holds another model with the same features: the golden records catch it', () => {
    const other = JSON.parse(BUNDLED_MODEL_TEXT) as { learner: { gradient_booster: { model: { trees: { split_conditions: number[]; left_children: number[] }[] } } } };
    const [tree] = other.learner.gradient_booster.model.trees;
    tree.left_children.forEach((child, node) => {
      if (child === -1) tree.split_conditions[node] += 0.5;
    });
    const read = readModelPackageDirectory(bundledCopy({ 'model.tar.gz': tarGz([{ name: 'xgboost-model', content: JSON.stringify(other) }]) }));
    expect(read.problems).toEqual([expect.stringMatching(
      /^golden\.json: 200 of 200 records score differently on model\.tar\.gz than recorded \(largest difference .*\): the archive is not the model these records were scored with$/,
    )]);
  });

  test('When a golden record breaks the contract: named with its field', () => {
    const golden = { description: 'x', records: [{ ...BUNDLED_GOLDEN[0], record: { ...BUNDLED_GOLDEN[0].record, areaCode: '999' } }, ...BUNDLED_GOLDEN.slice(1)] };
    const read = readModelPackageDirectory(bundledCopy({ 'golden.json': JSON.stringify(golden) }));
    expect(read.problems).toEqual(['golden.json: 1 of 200 records break the contract (records[0].areaCode must be one of 408, 415, 510)']);
  });

  test('When the model file is not xgboost JSON (binary, pickle): refused, it cannot be checked', () => {
    const read = readModelPackageDirectory(bundledCopy({ 'model.tar.gz': tarGz([{ name: 'xgboost-model', content: Buffer.from([0x80, 0x04, 0x95]) }]) }));
    expect(read.problems).toEqual([expect.stringMatching(/^xgboost-model is not an xgboost JSON model: save it with Booster\.save_model/)]);
  });

  test('When files are missing: each is named', () => {
    const read = readModelPackageDirectory(bundledCopy({ 'model.tar.gz': undefined, 'contract.json': undefined, 'golden.json': undefined }));
    expect(read.problems).toEqual([
      'contract.json cannot be read: it does not exist',
      'model.tar.gz cannot be read: it does not exist',
      'golden.json cannot be read: it does not exist',
    ]);
  });

  test('When the contract is broken: its problems are named with the file, and the archive is not judged against it', () => {
    const read = readModelPackageDirectory(bundledCopy({ 'contract.json': JSON.stringify({ formatVersion: 1, name: 'x', description: '', fields: [], features: [] }) }));
    expect(read.problems).toEqual(['contract.json: fields must be a non-empty array', 'contract.json: features must be a non-empty array']);
  });

  test('When the path is not a directory: said so', () => {
    expect(readModelPackageDirectory(path.join(BUNDLED_PACKAGE_DIR, 'model.tar.gz')).problems).toEqual(['it is not a directory']);
  });
});
