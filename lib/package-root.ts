import * as fs from 'fs';
import * as path from 'path';

/** This package's name, as in its package.json. */
export const PACKAGE_NAME = 'churn-prediction-service';

let cachedRoot: string | undefined;

/**
 * The directory holding this package's package.json: the repository root when running from
 * sources (lib/...), `node_modules/churn-prediction-service` once installed (compiled to
 * dist/lib/...). Files shipped beside the code, such as the function's sources and the bundled
 * model archive, are resolved from here, so the same path works in both layouts.
 *
 * The search checks the name, so a marker package.json in a sub-directory (`{"type": "commonjs"}`)
 * is passed over.
 */
export function packageRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  for (let directory = __dirname; ; directory = path.dirname(directory)) {
    const manifest = path.join(directory, 'package.json');
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME) {
      cachedRoot = directory;
      return directory;
    }
    if (path.dirname(directory) === directory) {
      throw new Error(`Cannot find the package.json of ${PACKAGE_NAME} in ${__dirname} or any directory above it`);
    }
  }
}

/** A file shipped with this package, e.g. `packagePath('model', 'model.tar.gz')`. */
export function packagePath(...segments: string[]): string {
  return path.join(packageRoot(), ...segments);
}
