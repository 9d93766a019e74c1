import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Figure, formatMillis, millisSince } from './figures';

const REPO_ROOT = path.join(__dirname, '..');

/** One run of `npm test` (its output is kept out of the report); fails if a test fails. */
export function measureNpmTest(): Figure[] {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'churn-bench-test-'));
  const results = path.join(directory, 'results.json');
  try {
    const start = process.hrtime.bigint();
    const run = spawnSync('npm', ['test', '--', '--ci', '--silent', '--json', `--outputFile=${results}`], {
      cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024,
    });
    const elapsed = millisSince(start);
    if (!fs.existsSync(results)) throw new Error(`npm test wrote no results:\n${run.stderr.slice(-4000)}`);
    const summary = JSON.parse(fs.readFileSync(results, 'utf8')) as { numPassedTests: number; numFailedTests: number; numTotalTestSuites: number };
    if (run.status !== 0 || summary.numFailedTests > 0) throw new Error(`npm test failed: ${summary.numFailedTests} failed\n${run.stderr.slice(-4000)}`);
    return [{
      name: 'npm test (one run)', value: formatMillis(elapsed),
      note: `${summary.numPassedTests} tests in ${summary.numTotalTestSuites} files, all passed`,
    }];
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}
