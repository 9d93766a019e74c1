/**
 * The committed model packages, read as the tests need them: the bundled churn model (the
 * default) and the example package of examples/state-model (other fields, other features).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ModelContract, parseModelContract } from '../../contract/model-contract';
import { RequestContractOptions } from '../../contract/prediction-contract';
import type { CustomerRecord } from '../../lambda/predict/customer-record';
import { readModelArchive } from '../../lib/model/model-archive';
import type { XgboostJsonDocument } from '../../model/xgboost-json-format';

export const REPO_ROOT = path.join(__dirname, '..', '..');
/** The bundled churn model's package. */
export const BUNDLED_PACKAGE_DIR = path.join(REPO_ROOT, 'model', 'bundled');
/** The second package: state instead of area code, no charges. */
export const STATE_PACKAGE_DIR = path.join(REPO_ROOT, 'examples', 'state-model');

/** One entry of a package's golden.json: a held-out record and xgboost 1.7.4's probability for it. */
export interface GoldenEntry {
  readonly record: CustomerRecord;
  readonly churnProbability: number;
  readonly churned: boolean;
}

/** A package's contract.json, checked. */
export function contractOf(directory: string): ModelContract {
  return parseModelContract(fs.readFileSync(path.join(directory, 'contract.json'), 'utf8'));
}

/** A package's golden records. */
export function goldenOf(directory: string): readonly GoldenEntry[] {
  return (JSON.parse(fs.readFileSync(path.join(directory, 'golden.json'), 'utf8')) as { records: GoldenEntry[] }).records;
}

/** The bundled contract's file: what MODEL_CONTRACT_FILE names for a function serving the bundled model. */
export const BUNDLED_CONTRACT_FILE = path.join(BUNDLED_PACKAGE_DIR, 'contract.json');
export const BUNDLED_CONTRACT = contractOf(BUNDLED_PACKAGE_DIR);
export const BUNDLED_GOLDEN = goldenOf(BUNDLED_PACKAGE_DIR);

/** The xgboost JSON model inside a package's model.tar.gz (its one file, xgboost-model), parsed. */
export function archivedModelOf(directory: string): XgboostJsonDocument {
  const { modelFile, problems } = readModelArchive(fs.readFileSync(path.join(directory, 'model.tar.gz')));
  if (modelFile === undefined) throw new Error(`${directory}/model.tar.gz: ${problems.join('; ')}`);
  return JSON.parse(modelFile.toString('utf8')) as XgboostJsonDocument;
}

/** Request options with the bundled model's fields. */
export function bundledRequest(limits: Omit<RequestContractOptions, 'fields'>): RequestContractOptions {
  return { ...limits, fields: BUNDLED_CONTRACT.fields };
}

/**
 * A copy of a committed package in a new temporary directory, with files replaced or removed
 * (`undefined`), for the packages synth must refuse. Returns the directory.
 */
export function packageCopy(source: string, changes: Readonly<Record<string, Buffer | string | undefined>> = {}): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'churn-package-test-'));
  for (const name of ['model.tar.gz', 'contract.json', 'golden.json', 'metrics.json']) {
    if (Object.hasOwn(changes, name)) {
      const content = changes[name];
      if (content !== undefined) fs.writeFileSync(path.join(directory, name), content);
    } else {
      fs.copyFileSync(path.join(source, name), path.join(directory, name));
    }
  }
  return directory;
}

/**
 * A maker of changed copies of the bundled package (see `packageCopy`) for one test file; every
 * copy it made is removed after that file's tests.
 */
export function bundledCopiesRemovedAfterAll(): (changes: Readonly<Record<string, Buffer | string | undefined>>) => string {
  const copies: string[] = [];
  afterAll(() => {
    for (const directory of copies) fs.rmSync(directory, { recursive: true, force: true });
  });
  return (changes) => {
    const directory = packageCopy(BUNDLED_PACKAGE_DIR, changes);
    copies.push(directory);
    return directory;
  };
}
