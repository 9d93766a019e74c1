import * as fs from 'fs';
import * as path from 'path';
import type { ModelContract } from '../../contract/model-contract';
import { XgboostJsonModel } from '../../model/xgboost-json-scorer';
import { XgboostModelFormatError } from '../../model/xgboost-json-reader';
import { readContractFile, UNREADABLE_CONTRACT } from './contract-file';
import { GoldenRecord, goldenRecordsOf, goldenRecordsProblems } from './golden-records';
import { MODEL_FILE_NAME, readModelArchive } from './model-archive';
import { modelVersionOfArchive } from './model-identity';
import { xgboostModelProblems } from './xgboost-model-checks';

export { BUNDLED_MODEL_PACKAGE_DIRECTORY } from './model-identity';

/** The files of a model package directory (model/README.md, "Model packages"). */
export const MODEL_PACKAGE_FILES = {
  /** What SageMaker loads: exactly one file, `xgboost-model` (an xgboost JSON model). */
  archive: 'model.tar.gz',
  /** The input contract: API fields, and the model's features in order. */
  contract: 'contract.json',
  /** Held-out records in API shape with xgboost's probabilities. */
  golden: 'golden.json',
  /** Held-out AUC, accuracy and calibration (Brier score, reliability table); read by people, not at synth. */
  metrics: 'metrics.json',
} as const;

/** A model package directory as read and checked on this machine. */
export interface ModelPackageDirectory {
  /** The directory, absolute. */
  readonly directory: string;
  readonly archivePath: string;
  readonly contractPath: string;
  readonly goldenPath: string;
  /** The contract (a placeholder with no fields when it cannot be read: `problems` says why). */
  readonly contract: ModelContract;
  /**
   * `sha256-` and 16 hex digits of the archive.
   * @default - absent when there is no archive
   */
  readonly version?: string;
  /**
   * The archive's model.
   * @default - absent when it could not be read or does not serve the contract (see `problems`)
   */
  readonly model?: XgboostJsonModel;
  readonly golden: readonly GoldenRecord[];
  /** Everything that keeps the package from being served; empty when it can be. */
  readonly problems: readonly string[];
}

function readJson(file: string, name: string, problems: string[]): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`${name} cannot be read: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : (error as Error).message}`);
    return undefined;
  }
}

/** The archive's model, checked against the contract; problems are added to `problems`. */
function readArchivedModel(archivePath: string, contract: ModelContract, checkFeatures: boolean, problems: string[]): XgboostJsonModel | undefined {
  const archive = readModelArchive(fs.readFileSync(archivePath));
  problems.push(...archive.problems);
  if (archive.modelFile === undefined) return undefined;
  let document: unknown;
  try {
    document = JSON.parse(archive.modelFile.toString('utf8'));
  } catch {
    problems.push(`${MODEL_FILE_NAME} is not an xgboost JSON model: save it with Booster.save_model('….json') `
      + '(binary and pickled models cannot be checked against the contract)');
    return undefined;
  }
  const modelProblems = checkFeatures ? xgboostModelProblems(document, contract) : [];
  problems.push(...modelProblems);
  if (modelProblems.length > 0) return undefined;
  try {
    return XgboostJsonModel.fromJson(document);
  } catch (error) {
    if (!(error instanceof XgboostModelFormatError)) throw error;
    problems.push(...error.problems.map((problem) => `${MODEL_FILE_NAME}: ${problem}`));
    return undefined;
  }
}

/**
 * Reads a model package directory and checks it the way synth does: the contract is well formed;
 * the archive holds exactly one file, `xgboost-model`, an xgboost JSON model with objective
 * binary:logistic, the contract's features by name and in order, and no early-stopping limit; and
 * the model scores every golden record as recorded. Every problem is collected, none thrown.
 */
export function readModelPackageDirectory(directory: string): ModelPackageDirectory {
  const absolute = path.resolve(directory);
  const file = (name: string) => path.join(absolute, name);
  const paths = {
    archivePath: file(MODEL_PACKAGE_FILES.archive),
    contractPath: file(MODEL_PACKAGE_FILES.contract),
    goldenPath: file(MODEL_PACKAGE_FILES.golden),
  };
  if (!fs.existsSync(absolute) || !fs.statSync(absolute).isDirectory()) {
    return { directory: absolute, ...paths, contract: UNREADABLE_CONTRACT, golden: [], problems: ['it is not a directory'] };
  }
  const reading = readContractFile(paths.contractPath);
  const problems = [...reading.problems];
  const { contract } = reading;
  const archiveExists = fs.existsSync(paths.archivePath);
  if (!archiveExists) problems.push(`${MODEL_PACKAGE_FILES.archive} cannot be read: it does not exist`);
  const model = archiveExists ? readArchivedModel(paths.archivePath, contract, reading.problems.length === 0, problems) : undefined;
  const goldenDocument = readJson(paths.goldenPath, MODEL_PACKAGE_FILES.golden, problems);
  const golden = goldenDocument === undefined ? [] : goldenRecordsOf(goldenDocument);
  if (typeof golden === 'string') problems.push(golden);
  const records = typeof golden === 'string' ? [] : golden;
  if (model !== undefined && reading.problems.length === 0) problems.push(...goldenRecordsProblems(records, contract, model));
  return {
    directory: absolute,
    ...paths,
    contract,
    version: archiveExists ? modelVersionOfArchive(paths.archivePath) : undefined,
    model,
    golden: records,
    problems,
  };
}
