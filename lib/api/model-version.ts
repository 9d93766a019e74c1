import { createHash } from 'crypto';
import * as fs from 'fs';

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
