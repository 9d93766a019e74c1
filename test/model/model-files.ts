import * as fs from 'fs';
import * as path from 'path';
import { BUNDLED_PACKAGE_DIR, GoldenEntry, REPO_ROOT, STATE_PACKAGE_DIR } from '../support/model-packages';

/** The training data both committed packages are trained from. */
export const DATA_FILE = path.join(REPO_ROOT, 'model', 'data', 'mlc_churn.csv');

/** A committed package, and the held-out quality it must keep. */
export interface CommittedPackage {
  readonly label: string;
  readonly directory: string;
  readonly featureCount: number;
  readonly minimumAuc: number;
  readonly minimumAccuracy: number;
  readonly maximumBrierScore: number;
}

export const COMMITTED_PACKAGES: readonly CommittedPackage[] = [
  { label: 'model/bundled', directory: BUNDLED_PACKAGE_DIR, featureCount: 21, minimumAuc: 0.92, minimumAccuracy: 0.95, maximumBrierScore: 0.03 },
  { label: 'examples/state-model', directory: STATE_PACKAGE_DIR, featureCount: 65, minimumAuc: 0.9, minimumAccuracy: 0.95, maximumBrierScore: 0.04 },
];

/** A file of a package, as bytes. */
export function readPackageFile(directory: string, name: string): Buffer {
  return fs.readFileSync(path.join(directory, name));
}

/** A JSON file of a package, parsed (read at run time: too large to type-check as a module). */
export function readPackageJson<T>(directory: string, name: string): T {
  return JSON.parse(readPackageFile(directory, name).toString('utf8')) as T;
}

/** golden.json. */
export interface GoldenFile {
  readonly description: string;
  readonly records: readonly GoldenEntry[];
}

/** One bin of metrics.json's reliability table. */
export interface ReliabilityBin {
  readonly lower: number;
  readonly upper: number;
  readonly records: number;
  readonly meanPredicted: number | null;
  readonly observedRate: number | null;
}

/** metrics.json (the fields the tests read). */
export interface MetricsFile {
  readonly model: string;
  readonly heldOutRows: number;
  readonly trainingRows: number;
  readonly auc: number;
  readonly accuracy: number;
  readonly brierScore: number;
  readonly expectedCalibrationError: number;
  readonly confusionMatrix: {
    readonly truePositive: number;
    readonly falsePositive: number;
    readonly trueNegative: number;
    readonly falseNegative: number;
  };
  readonly reliability: readonly ReliabilityBin[];
  readonly xgboostVersion: string;
}
