import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Figure, formatMillis, median } from './figures';

const REPO_ROOT = path.join(__dirname, '..');
const CHECKS = ['none', 'cdk-nag', 'validation', 'both'] as const;
type Checks = typeof CHECKS[number];

interface Phases {
  readonly startupMillis: number;
  readonly constructMillis: number;
  readonly synthMillis: number;
}

/**
 * One run of bench/synth-phases-app.ts through bin/run-app.js in a fresh process, with the
 * context and output directory the CDK CLI would pass (cdk.json's context, a new cdk.out).
 */
function runPhases(checks: Checks): Phases {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'churn-bench-phases-'));
  try {
    const context = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8')).context;
    const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'run-app.js'), path.join('bench', 'synth-phases-app.ts')], {
      cwd: REPO_ROOT, encoding: 'utf8',
      env: { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify(context), SYNTH_PHASES_CHECKS: checks },
    });
    if (run.status !== 0) throw new Error(`synth phases (${checks}) failed:\n${run.stderr}`);
    return JSON.parse(run.stdout) as Phases;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * Where the app's synth spends its time, without the CLI: the app of bin/ through its launcher,
 * in a fresh process each run, with no checks, cdk-nag only, CloudFormation validation only, and
 * both (what `cdk synth` runs), alternating, medians of `runs`. Startup is Node, the launcher's
 * compile and the top-level imports; construction includes loading most of aws-cdk-lib (it loads
 * its modules on first use) and the cached Lambda bundle; synth includes the checks.
 */
export function measureSynthPhases(runs: number): Figure[] {
  const samples = new Map<Checks, Phases[]>(CHECKS.map((checks) => [checks, []]));
  for (let run = 0; run < runs; run++) {
    for (const checks of CHECKS) samples.get(checks)!.push(runPhases(checks));
  }
  const medianOf = (checks: Checks, phase: keyof Phases) => median(samples.get(checks)!.map((phases) => phases[phase]));
  const both = { startup: medianOf('both', 'startupMillis'), construct: medianOf('both', 'constructMillis'), synth: medianOf('both', 'synthMillis') };
  const synthNone = medianOf('none', 'synthMillis');
  return [
    {
      name: 'app synth without the CLI (node bin/run-app.js), phases',
      value: `startup ${formatMillis(both.startup)}, construction ${formatMillis(both.construct)}, synth ${formatMillis(both.synth)}`,
      note: `medians of ${runs}; both checks on, as cdk synth runs it`,
    },
    {
      name: 'synth phase by checks: none / cdk-nag / CloudFormation validation / both',
      value: CHECKS.map((checks) => formatMillis(medianOf(checks, 'synthMillis'))).join(' / '),
      note: `medians of ${runs}, alternating; cdk-nag adds ${formatMillis(medianOf('cdk-nag', 'synthMillis') - synthNone)}, `
        + `validation ${formatMillis(medianOf('validation', 'synthMillis') - synthNone)}`,
    },
  ];
}
