import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { childCpuMillis } from './child-cpu';
import { atMost, Figure, formatMillis, median, millisSince } from './figures';

const REPO_ROOT = path.join(__dirname, '..');
const MAX_RATIO = 1.5;

/** Wall and CPU time (the CLI, the app and their children) of one synth, in milliseconds. */
interface SynthTime {
  readonly wall: number;
  readonly cpu?: number;
}

/** One `npx cdk synth --quiet` into a fresh directory. */
function timeSynth(extraArgs: readonly string[]): SynthTime {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'churn-bench-synth-'));
  try {
    const cpuBefore = childCpuMillis();
    const start = process.hrtime.bigint();
    const result = spawnSync('npx', ['cdk', 'synth', '--quiet', '--output', outdir, ...extraArgs], {
      cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1', NPM_CONFIG_UPDATE_NOTIFIER: 'false' },
    });
    const wall = millisSince(start);
    const cpuAfter = childCpuMillis();
    if (result.status !== 0) throw new Error(`cdk synth ${extraArgs.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
    return { wall, cpu: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** What measureSynthTime() found: the figures, and the bare app's median for other ratios. */
export interface SynthTimes {
  readonly figures: Figure[];
  /** Median wall time of the bare one-stack app's synth, in milliseconds. */
  readonly bareMillis: number;
}

const times = (samples: readonly number[]) => samples.map(formatMillis).join(', ');

/** The bare app as a TypeScript CDK app runs by default: the baseline of the target. */
const BARE_APP = 'npx tsx bench/bare-app.ts';
/** The bare app through this app's launcher (cdk.json), for comparison. */
const BARE_APP_LAUNCHED = 'node bin/run-app.js bench/bare-app.ts';

/**
 * Synth time of the app (cdk.json's command: every stage, cdk-nag and CloudFormation validation
 * included) against a bare one-stack app run as a TypeScript app runs by default (`npx tsx`), all
 * through the CDK CLI, alternating, median of `runs` each. For comparison, the bare app through
 * this app's launcher too (bin/run-app.js: esbuild in memory instead of tsx), and the CPU time of
 * each (CLI, app and children, from /proc): on a machine shared with other work it moves less
 * than wall time.
 */
export function measureSynthTime(runs: number): SynthTimes {
  const app: SynthTime[] = [];
  const bare: SynthTime[] = [];
  const bareLaunched: SynthTime[] = [];
  for (let run = 0; run < runs; run++) {
    app.push(timeSynth([]));
    bare.push(timeSynth(['--app', BARE_APP]));
    bareLaunched.push(timeSynth(['--app', BARE_APP_LAUNCHED]));
  }
  const wall = { app: app.map((time) => time.wall), bare: bare.map((time) => time.wall), bareLaunched: bareLaunched.map((time) => time.wall) };
  const ratio = median(wall.app) / median(wall.bare);
  const figures: Figure[] = [
    { name: 'synth, all stages (npx cdk synth --quiet)', value: formatMillis(median(wall.app)), note: `median of ${runs}: ${times(wall.app)}` },
    { name: `synth, bare one-stack app (${BARE_APP})`, value: formatMillis(median(wall.bare)), note: `median of ${runs}: ${times(wall.bare)}` },
    atMost('synth time, all stages / bare app', ratio, MAX_RATIO, (value) => `${value.toFixed(2)}×`, `median of ${runs} each, alternating`),
    {
      name: `synth, bare one-stack app through this app's launcher (${BARE_APP_LAUNCHED})`,
      value: `${formatMillis(median(wall.bareLaunched))}; all stages / it: ${(median(wall.app) / median(wall.bareLaunched)).toFixed(2)}×`,
      note: `median of ${runs}: ${times(wall.bareLaunched)}; what the app's own work costs once the runner is the same`,
    },
  ];
  const cpu = { app: app.map((time) => time.cpu), bare: bare.map((time) => time.cpu) };
  if (cpu.app.every((value) => value !== undefined) && cpu.bare.every((value) => value !== undefined)) {
    const appCpu = cpu.app as number[];
    const bareCpu = cpu.bare as number[];
    figures.push({
      name: 'synth CPU time (user + system), all stages / bare app',
      value: `${formatMillis(median(appCpu))} / ${formatMillis(median(bareCpu))} = ${(median(appCpu) / median(bareCpu)).toFixed(2)}×`,
      note: `medians of ${runs}; all stages ${times(appCpu)}; bare ${times(bareCpu)}`,
    });
  }
  return { figures, bareMillis: median(wall.bare) };
}
