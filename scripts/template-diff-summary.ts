/**
 * Pairs the stacks of two cloud assemblies (this branch and the base branch) and renders the
 * `cdk diff` of each pair as a Markdown job summary. Pure: running `cdk diff` is the caller's job.
 */
import * as fs from 'fs';
import * as path from 'path';

/** One stack of a synthesized cloud assembly. */
export interface AssemblyStack {
  /** The stack's artifact id, what `cdk diff` takes (e.g. `ChurnPrediction-Dev`). */
  readonly id: string;
  /** Absolute path of its template. */
  readonly templateFile: string;
}

interface ManifestArtifact {
  readonly type?: string;
  readonly properties?: { readonly templateFile?: string };
}

/** The stacks listed in `dir/manifest.json`, or undefined when there is no assembly there. */
export function readAssemblyStacks(dir: string): AssemblyStack[] | undefined {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) return undefined;
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { artifacts?: Record<string, ManifestArtifact> };
  return Object.entries(manifest.artifacts ?? {})
    .filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack' && artifact.properties?.templateFile !== undefined)
    .map(([id, artifact]) => ({ id, templateFile: path.join(dir, artifact.properties?.templateFile as string) }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** A stack of this branch and the base template to diff it against (undefined: the stack is new). */
export interface StackPair {
  readonly id: string;
  readonly baseTemplateFile: string | undefined;
}

/** Pairs this branch's stacks with the base branch's by id; also names the stacks this branch removes. */
export function pairStacks(head: readonly AssemblyStack[], base: readonly AssemblyStack[]): { pairs: StackPair[]; removed: string[] } {
  const baseById = new Map(base.map((stack) => [stack.id, stack]));
  const headIds = new Set(head.map((stack) => stack.id));
  return {
    pairs: head.map((stack) => ({ id: stack.id, baseTemplateFile: baseById.get(stack.id)?.templateFile })),
    removed: base.filter((stack) => !headIds.has(stack.id)).map((stack) => stack.id),
  };
}

/** What `cdk diff` printed for one stack. */
export interface StackDiff {
  readonly id: string;
  /** True when the base branch has no such stack (diffed against an empty template). */
  readonly isNew: boolean;
  /** `cdk diff --no-color` output (stdout and stderr). */
  readonly output: string;
  /** Exit status; `cdk diff` exits 0 whether or not there are differences. */
  readonly exitCode: number;
}

/** Longest diff shown per stack: GitHub keeps at most 1 MiB of summary per step. */
export const MAX_DIFF_CHARS = 60_000;

/** Resource lines of a `cdk diff`: `[+] AWS::...`, `[-] ...`, `[~] ...`. */
const RESOURCE_CHANGE = /^\[[-+~]\] AWS::/gm;

function describe(diff: StackDiff): string {
  if (diff.exitCode !== 0) return `**cdk diff failed** (exit ${diff.exitCode})`;
  if (/There were no differences/.test(diff.output)) return 'no changes';
  const resources = diff.output.match(RESOURCE_CHANGE)?.length ?? 0;
  const changes = resources === 1 ? '1 resource changed' : `${resources} resources changed`;
  return diff.isNew ? `new stack, ${changes.replace('changed', 'added')}` : changes;
}

/** The Markdown job summary: a table of stacks, then each non-empty diff in a collapsible block. */
export function renderSummary(diffs: readonly StackDiff[], removed: readonly string[], note?: string): string {
  const lines = ['## CloudFormation changes against the base branch', ''];
  if (note !== undefined) lines.push(`> ${note}`, '');
  lines.push('| stack | changes |', '| --- | --- |');
  for (const diff of diffs) lines.push(`| \`${diff.id}\` | ${describe(diff)} |`);
  for (const id of removed) lines.push(`| \`${id}\` | **removed** by this branch |`);
  lines.push('');
  for (const diff of diffs) {
    if (diff.exitCode === 0 && /There were no differences/.test(diff.output)) continue;
    const text = diff.output.trim();
    const shown = text.length > MAX_DIFF_CHARS ? `${text.slice(0, MAX_DIFF_CHARS)}\n… (${text.length - MAX_DIFF_CHARS} more characters; run cdk diff locally)` : text;
    lines.push('<details>', `<summary><code>${diff.id}</code>: ${describe(diff)}</summary>`, '', '```', shown.replace(/```/g, "'''"), '```', '</details>', '');
  }
  return `${lines.join('\n')}\n`;
}
