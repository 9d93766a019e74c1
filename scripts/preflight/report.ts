import { PreflightResult } from './preflight-result';

/** The process exit codes of the preflight. */
export const EXIT_PASSED = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/**
 * The results as a Markdown table (check | result | detail | fix), one row per check in the order
 * given, a summary line, and the exit code: 1 when any check failed (or none ran), else 0.
 */
export function formatPreflightReport(results: readonly PreflightResult[]): { text: string; exitCode: number } {
  const failures = results.filter((result) => !result.ok).length;
  const rows = results.map((result) => `| ${cell(result.check)} | ${result.ok ? 'pass' : 'FAIL'} | ${cell(result.detail)} | ${result.ok ? '' : cell(result.fix)} |`);
  const ok = results.length > 0 && failures === 0;
  const summary = ok
    ? `preflight passed: ${results.length} checks`
    : `preflight FAILED: ${failures} of ${results.length} checks failed; fix them before \`cdk deploy\``;
  return {
    text: ['| check | result | detail | fix |', '| --- | --- | --- | --- |', ...rows, '', summary].join('\n'),
    exitCode: ok ? EXIT_PASSED : EXIT_FAILED,
  };
}
