import * as path from 'path';
import { formatFinding, lintWorkflowFiles, lintWorkflowText, workflowFiles } from '../../scripts/workflow-lint';

const WORKFLOWS = path.join(__dirname, '..', '..', '.github', 'workflows');

describe('actionlint over the workflows', () => {
  test('the repository\'s workflows have no finding', async () => {
    const files = workflowFiles(WORKFLOWS);
    expect(files.map((file) => path.basename(file))).toContain('pr.yml');
    expect((await lintWorkflowFiles(files)).map(formatFinding)).toEqual([]);
  });

  test('When a workflow is broken (unknown job in needs, a typo in a key and in an expression): each is found', async () => {
    const findings = await lintWorkflowText([
      'on: pull_request',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    needs: missing',
      '    timeout-minute: 3',
      '    steps:',
      '      - run: echo ${{ github.events.pull_request.number }}',
    ].join('\n'), 'broken.yml');
    expect(findings.map((finding) => [finding.line, finding.kind])).toEqual([[3, 'job-needs'], [6, 'syntax-check'], [8, 'expression']]);
    expect(formatFinding(findings[0])).toMatch(/^broken\.yml:3:3: job "a" needs job "missing" which does not exist/);
  });
});
