/**
 * `cdk diff` of this branch's synthesized templates against the base branch's, as Markdown
 * (for $GITHUB_STEP_SUMMARY). Offline: both sides are synthesized templates, no AWS account.
 *
 * Usage: npx tsx scripts/diff-against-base.ts HEAD_CDK_OUT BASE_CDK_OUT >> "$GITHUB_STEP_SUMMARY"
 *
 * A stack missing from the base is diffed against an empty template; when the base did not
 * synthesize at all (no manifest), every stack is, and the summary says so.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pairStacks, readAssemblyStacks, renderSummary, StackDiff } from './template-diff-summary';

function cdkDiff(headDir: string, stackId: string, baseTemplateFile: string): { output: string; exitCode: number } {
  const result = spawnSync('npx', ['cdk', 'diff', '--app', headDir, '--template', baseTemplateFile, '--no-color', stackId], {
    encoding: 'utf8',
    env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1', NPM_CONFIG_UPDATE_NOTIFIER: 'false' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.split('\n').filter((line) => !/^npm warn/i.test(line)).join('\n');
  return { output: result.error ? String(result.error) : output, exitCode: result.status ?? 1 };
}

function main(argv: string[]): number {
  const [headArg, baseArg] = argv;
  if (headArg === undefined || baseArg === undefined) {
    process.stderr.write('usage: npx tsx scripts/diff-against-base.ts HEAD_CDK_OUT BASE_CDK_OUT\n');
    return 2;
  }
  const headDir = path.resolve(headArg);
  const head = readAssemblyStacks(headDir);
  if (head === undefined) {
    process.stderr.write(`no cloud assembly in ${headDir}: run cdk synth first\n`);
    return 1;
  }
  const base = readAssemblyStacks(path.resolve(baseArg));
  const note = base === undefined ? 'The base branch did not synthesize, so every stack is diffed against an empty template.' : undefined;
  const { pairs, removed } = pairStacks(head, base ?? []);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-diff-'));
  try {
    const emptyTemplate = path.join(scratch, 'empty.template.json');
    fs.writeFileSync(emptyTemplate, '{}\n');
    const diffs: StackDiff[] = pairs.map(({ id, baseTemplateFile }) => ({
      id, isNew: baseTemplateFile === undefined, ...cdkDiff(headDir, id, baseTemplateFile ?? emptyTemplate),
    }));
    process.stdout.write(renderSummary(diffs, removed, note));
    return diffs.some((diff) => diff.exitCode !== 0) ? 1 : 0;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

process.exitCode = main(process.argv.slice(2));
