import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PACKAGE_NAME, packageRoot } from '../package-root';

/**
 * Where this package keeps build caches: `node_modules/.cache/churn-prediction-service/<name>` of
 * the project that holds it (the repository's own node_modules when running from sources, the
 * consumer's when installed), the usual place for tools' caches and one that `npm ci` and
 * `git clean` clear. Falls back to the system's temporary directory when there is no node_modules.
 */
export function cacheDirectory(name: string): string {
  for (let directory = packageRoot(); ; directory = path.dirname(directory)) {
    if (path.basename(directory) === 'node_modules') return path.join(directory, '.cache', PACKAGE_NAME, name);
    const modules = path.join(directory, 'node_modules');
    if (fs.existsSync(modules)) return path.join(modules, '.cache', PACKAGE_NAME, name);
    if (path.dirname(directory) === directory) return path.join(os.tmpdir(), `${PACKAGE_NAME}-cache`, name);
  }
}
