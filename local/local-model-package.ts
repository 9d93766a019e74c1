import { BUNDLED_MODEL_PACKAGE_DIRECTORY, ModelPackageDirectory, readModelPackageDirectory } from '../lib/model/model-package-directory';
import type { XgboostJsonModel } from '../model/xgboost-json-scorer';

/** A model package ready to serve locally: checked as synth checks it, its model read from its archive. */
export interface LocalModelPackage extends ModelPackageDirectory {
  readonly model: XgboostJsonModel;
  readonly version: string;
}

/**
 * Reads and checks a model package directory (model/README.md, "Model packages") as synth does.
 * @throws Error naming every problem, when the package could not be served
 */
export function loadLocalModelPackage(directory: string = BUNDLED_MODEL_PACKAGE_DIRECTORY): LocalModelPackage {
  const read = readModelPackageDirectory(directory);
  if (read.problems.length > 0 || read.model === undefined || read.version === undefined) {
    throw new Error(`The model package ${directory} cannot be served:\n- ${read.problems.join('\n- ')}`);
  }
  return { ...read, model: read.model, version: read.version };
}
