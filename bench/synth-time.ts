import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { atMost, Figure, formatMillis, median, millisSince } from './figures';

const REPO_ROOT = path.join(__dirname, '..');
const MAX_RATIO = 1.5;

/** One `npx cdk synth --quiet` into a fresh directory, in milliseconds. */
function timeSynth(extraArgs: readonly string[]): number {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'churn-bench-synth-'));
  try {
    const start = process.hrtime.bigint();
    const result = spawnSync('npx', ['cdk', 'synth', '--quiet', '--output', outdir, ...extraArgs], {
      cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1', NPM_CONFIG_UPDATE_NOTIFIER: 'false' },
    });
    const elapsed = millisSince(start);
    if (result.status !== 0) throw new Error(`cdk synth ${extraArgs.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
    return elapsed;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * Synth time of the app (every stage, cdk-nag and CloudFormation validation included) against a
 * bare one-stack app: both through the CDK CLI and `npx tsx`, alternating, median of `runs` each.
 */
export function measureSynthTime(runs: number): Figure[] {
  const app: number[] = [];
  const bare: number[] = [];
  for (let run = 0; run < runs; run++) {
    app.push(timeSynth([]));
    bare.push(timeSynth(['--app', 'npx tsx bench/bare-app.ts']));
  }
  const ratio = median(app) / median(bare);
  return [
    { name: 'synth, all stages (npx cdk synth --quiet)', value: formatMillis(median(app)), note: `median of ${runs}: ${app.map(formatMillis).join(', ')}` },
    { name: 'synth, bare one-stack app', value: formatMillis(median(bare)), note: `median of ${runs}: ${bare.map(formatMillis).join(', ')}` },
    atMost('synth time, all stages / bare app', ratio, MAX_RATIO, (value) => `${value.toFixed(2)}×`),
  ];
}
