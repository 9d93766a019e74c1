import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { childCpuMillis } from './child-cpu';
import { atMost, Figure, formatMillis, millisSince } from './figures';

const REPO_ROOT = path.join(__dirname, '..');
/** The goal for `npm test` on 2 cores (issue 13), and the same relative to the bare app's synth. */
const MAX_NPM_TEST_MS = 30_000;
const MAX_NPM_TEST_OVER_BARE_SYNTH = 8;

interface TestRun {
  readonly millis: number;
  readonly cpuMillis?: number;
  readonly passed: number;
  readonly files: number;
}

/** One run of an npm test script as typed (console output on; it is kept out of the report); fails if a test fails. */
function runTests(script: string): TestRun {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'churn-bench-test-'));
  const results = path.join(directory, 'results.json');
  try {
    const cpuBefore = childCpuMillis();
    const start = process.hrtime.bigint();
    const run = spawnSync('npm', ['run', script, '--', '--ci', '--json', `--outputFile=${results}`], {
      cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024,
    });
    const millis = millisSince(start);
    const cpuAfter = childCpuMillis();
    if (!fs.existsSync(results)) throw new Error(`npm run ${script} wrote no results:\n${run.stderr.slice(-4000)}`);
    const summary = JSON.parse(fs.readFileSync(results, 'utf8')) as { numPassedTests: number; numFailedTests: number; numTotalTestSuites: number };
    if (run.status !== 0 || summary.numFailedTests > 0) throw new Error(`npm run ${script} failed: ${summary.numFailedTests} failed\n${run.stderr.slice(-4000)}`);
    return {
      millis, cpuMillis: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore,
      passed: summary.numPassedTests, files: summary.numTotalTestSuites,
    };
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

function describe(run: TestRun): string {
  const cpu = run.cpuMillis === undefined ? '' : `, CPU ${formatMillis(run.cpuMillis)}`;
  return `${run.passed} tests in ${run.files} files, all passed${cpu}`;
}

/**
 * One run each of `npm test` and `npm run test:integration`. `npm test` is judged against 30 s
 * and, when `bareSynthMillis` (the bare app's synth, measured in the same benchmark run) is given,
 * against 8× that: the second target holds on a slower or busier machine too.
 */
export function measureNpmTest(bareSynthMillis?: number): Figure[] {
  const unit = runTests('test');
  const integration = runTests('test:integration');
  const figures: Figure[] = [atMost('npm test (one run)', unit.millis, MAX_NPM_TEST_MS, formatMillis, describe(unit))];
  if (bareSynthMillis !== undefined) {
    figures.push(atMost('npm test / bare one-stack synth', unit.millis / bareSynthMillis, MAX_NPM_TEST_OVER_BARE_SYNTH,
      (value) => `${value.toFixed(1)}×`, `the bare synth's median above, ${formatMillis(bareSynthMillis)}`));
  }
  figures.push({ name: 'npm run test:integration (one run)', value: formatMillis(integration.millis), note: describe(integration) });
  figures.push({ name: 'tests in both runs', value: String(unit.passed + integration.passed), note: `${unit.passed} + ${integration.passed}` });
  return figures;
}
