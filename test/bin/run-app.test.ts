import { spawnSync } from 'child_process';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

/** Runs bin/run-app.js (cdk.json's "app") on the fixture entry and parses what it printed. */
function launch(): Record<string, unknown> {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'run-app.js'), path.join('test', 'bin', 'launcher-entry.fixture.ts')], {
    cwd: ROOT, encoding: 'utf8',
  });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

describe('bin/run-app.js, the app launcher of cdk.json', () => {
  const printed = launch();

  test('runs TypeScript that imports the library, JSON files and packages from node_modules', () => {
    expect(printed.cdk).toBe(120);
    expect(printed.jsonImported).toBe(true);
  });

  test('runs the bundle as if it sat beside its entry: __dirname and the package root resolve as from sources', () => {
    expect(printed.dirname).toBe(path.join(ROOT, 'test', 'bin'));
    expect(printed.packageRoot).toBe(ROOT);
  });

  test('stack traces name the TypeScript source and line (source maps on)', () => {
    expect(printed.trace).toContain(`${path.join(ROOT, 'test', 'bin', 'launcher-entry.fixture.ts')}:6:`);
  });

  test('cdk.json runs the app through it', () => {
    expect((require(path.join(ROOT, 'cdk.json')) as { app: string }).app).toBe('node bin/run-app.js');
  });
});
