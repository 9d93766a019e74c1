import { createHash } from 'crypto';
import * as fs from 'fs';
import { packagePath } from '../package-root';

// A model's identity, in one place: which model is served by default, and how its version is
// derived and what a version may look like.

/** The bundled churn model's package, the service's default model (model/train.py writes it from model/bundled/spec.json). */
export const BUNDLED_MODEL_PACKAGE_DIRECTORY = packagePath('model', 'bundled');

/** The bundled churn model's archive (model/bundled, a model package): one `xgboost-model` file, byte-reproducible. */
export const BUNDLED_MODEL_ARCHIVE = packagePath('model', 'bundled', 'model.tar.gz');

/**
 * A model version derived from the archive's bytes: `sha256-` and the first 16 hex digits of its
 * SHA-256. The archive is byte-reproducible (model/train.py), so the same model always gets the
 * same version, and any retraining that changes a tree changes it.
 */
export function modelVersionOfArchive(archivePath: string): string {
  const digest = createHash('sha256').update(fs.readFileSync(archivePath)).digest('hex');
  return `sha256-${digest.slice(0, 16)}`;
}

/** What a model version may look like: it is echoed to callers and written to logs. */
export const MODEL_VERSION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:+-]{0,127}$/;
