import * as fs from 'fs';
import * as path from 'path';
import { PREDICT_HANDLER_ENTRY } from '../../lib/api/predict-handler-bundling';
import { BUNDLED_MODEL_ARCHIVE } from '../../lib/model/model-identity';
import { PACKAGE_NAME, packagePath, packageRoot } from '../../lib/package-root';

const REPO_ROOT = path.join(__dirname, '..', '..');

describe('packageRoot', () => {
  test('from the sources: the repository root, whose package.json has the name the search looks for', () => {
    expect(packageRoot()).toBe(REPO_ROOT);
    expect(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).name).toBe(PACKAGE_NAME);
  });

  test('the function\'s entry and the bundled model resolve to shipped files that exist', () => {
    expect(PREDICT_HANDLER_ENTRY).toBe(path.join(REPO_ROOT, 'lambda', 'predict', 'handler.ts'));
    expect(BUNDLED_MODEL_ARCHIVE).toBe(packagePath('model', 'bundled', 'model.tar.gz'));
    expect(fs.existsSync(PREDICT_HANDLER_ENTRY)).toBe(true);
    expect(fs.existsSync(BUNDLED_MODEL_ARCHIVE)).toBe(true);
  });
});
