import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MAX_DIFF_CHARS, pairStacks, readAssemblyStacks, renderSummary, StackDiff } from '../../scripts/template-diff-summary';

const NO_DIFFERENCES = 'Stack ChurnPrediction-Prod\nThere were no differences\n\n✨  Number of stacks with differences: 0\n';
const ONE_CHANGE = [
  'Stack ChurnPrediction-Dev', 'Resources',
  '[~] AWS::Lambda::Function Service/PredictFunction/Function ServicePredictFunctionC385B288',
  ' └─ [~] MemorySize', '     ├─ [-] 256', '     └─ [+] 512', '',
].join('\n');

const diff = (id: string, output: string, extra: Partial<StackDiff> = {}): StackDiff => ({ id, isNew: false, output, exitCode: 0, ...extra });

describe('the PR job summary of cdk diff against the base branch', () => {
  test('an assembly\'s stacks are read from its manifest, sorted, with absolute template paths', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assembly-'));
    try {
      fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({
        artifacts: {
          'Stack-B': { type: 'aws:cloudformation:stack', properties: { templateFile: 'Stack-B.template.json' } },
          Tree: { type: 'cdk:tree', properties: { file: 'tree.json' } },
          'Stack-A': { type: 'aws:cloudformation:stack', properties: { templateFile: 'Stack-A.template.json' } },
        },
      }));
      expect(readAssemblyStacks(dir)).toEqual([
        { id: 'Stack-A', templateFile: path.join(dir, 'Stack-A.template.json') },
        { id: 'Stack-B', templateFile: path.join(dir, 'Stack-B.template.json') },
      ]);
      expect(readAssemblyStacks(path.join(dir, 'missing'))).toBeUndefined();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('stacks pair by id; a new stack has no base template; a stack only the base has is removed', () => {
    const result = pairStacks(
      [{ id: 'A', templateFile: '/head/A' }, { id: 'New', templateFile: '/head/New' }],
      [{ id: 'A', templateFile: '/base/A' }, { id: 'Gone', templateFile: '/base/Gone' }],
    );
    expect(result).toEqual({ pairs: [{ id: 'A', baseTemplateFile: '/base/A' }, { id: 'New', baseTemplateFile: undefined }], removed: ['Gone'] });
  });

  test('the table counts resource changes per stack and shows only stacks with differences in detail', () => {
    const markdown = renderSummary([diff('ChurnPrediction-Dev', ONE_CHANGE), diff('ChurnPrediction-Prod', NO_DIFFERENCES)], []);

    expect(markdown).toContain('| `ChurnPrediction-Dev` | 1 resource changed |');
    expect(markdown).toContain('| `ChurnPrediction-Prod` | no changes |');
    expect(markdown).toContain('<summary><code>ChurnPrediction-Dev</code>: 1 resource changed</summary>');
    expect(markdown).toContain('[~] AWS::Lambda::Function Service/PredictFunction/Function');
    expect(markdown).not.toContain('<code>ChurnPrediction-Prod</code>');
  });

  test('new, removed and failed stacks are named as such, with the note', () => {
    const added = '[+] AWS::KMS::Key Key\n[+] AWS::SNS::Topic Topic\n';
    const markdown = renderSummary(
      [diff('Fresh', added, { isNew: true }), diff('Broken', 'Error: boom', { exitCode: 1 })], ['Old'], 'The base branch did not synthesize.',
    );
    expect(markdown).toContain('> The base branch did not synthesize.');
    expect(markdown).toContain('| `Fresh` | new stack, 2 resources added |');
    expect(markdown).toContain('| `Broken` | **cdk diff failed** (exit 1) |');
    expect(markdown).toContain('| `Old` | **removed** by this branch |');
    expect(markdown).toContain('Error: boom');
  });

  test(`a diff longer than ${MAX_DIFF_CHARS} characters is cut, and code fences inside cannot end the block`, () => {
    const long = `[~] AWS::IAM::Policy P\n\`\`\`\n${'x'.repeat(MAX_DIFF_CHARS * 2)}`;
    const markdown = renderSummary([diff('Big', long)], []);
    expect(markdown.length).toBeLessThan(MAX_DIFF_CHARS + 2_000);
    expect(markdown).toMatch(/… \(\d+ more characters; run cdk diff locally\)/);
    expect(markdown.match(/^```$/gm)).toHaveLength(2);
  });
});
