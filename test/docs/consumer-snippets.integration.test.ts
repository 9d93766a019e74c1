/**
 * Every consumer snippet of the docs (a ```ts block importing from 'churn-prediction-service'),
 * synthesized as written: in a stack `stack` of a fresh app, from a directory holding a model
 * package at `models/churn-2026-11` (the example package), with the import pointed at lib/. The
 * directory is inside the repository, as an app's is inside its project (NodejsFunction bundles from
 * the project that holds the lock file).
 * Slow: each snippet synthesizes in a child process (tsx), with CloudFormation validation, about
 * 13 s each on 2 cores; hence an integration test (`npm run test:integration`).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const REPO = path.join(__dirname, '..', '..');
const DOCS = ['README.md', 'docs/CONSTRUCTS.md', 'model/README.md'];
const SLOW_MS = 240_000;

interface Snippet { readonly doc: string; readonly line: number; readonly code: string }

/** The ```ts blocks of a Markdown file that import the library. */
function consumerSnippets(doc: string): Snippet[] {
  const text = fs.readFileSync(path.join(REPO, doc), 'utf8');
  return [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)]
    .filter((match) => match[1].includes("from 'churn-prediction-service'"))
    .map((match) => ({ doc, line: text.slice(0, match.index).split('\n').length, code: match[1] }));
}

/** The snippet as a program: its imports, then an app and `stack`, then its body, then synth. */
function programOf(code: string): string {
  const lines = code.split('\n');
  let importsEnd = 0;
  lines.forEach((line, index) => {
    if (/from '[^']+';$/.test(line) && lines.slice(0, index + 1).every((l) => !/^(new|const|let)\b/.test(l))) importsEnd = index + 1;
  });
  const imports = lines.slice(0, importsEnd).join('\n').replace(/from 'churn-prediction-service'/g, `from ${JSON.stringify(path.join(REPO, 'lib'))}`);
  return [
    imports,
    "import { App as SnippetApp, Stack as SnippetStack } from 'aws-cdk-lib';",
    "const snippetApp = new SnippetApp({ outdir: 'cdk.out' });",
    "const stack = new SnippetStack(snippetApp, 'Snippet');",
    lines.slice(importsEnd).join('\n'),
    'snippetApp.synth();',
  ].join('\n');
}

const snippets = DOCS.flatMap(consumerSnippets);

describe('the consumer snippets of the docs', () => {
  test('there are some in the README, docs/CONSTRUCTS.md and model/README.md', () => {
    expect(new Set(snippets.map((snippet) => snippet.doc))).toEqual(new Set(DOCS));
  });

  test.each(snippets.map((snippet) => [`${snippet.doc}:${snippet.line}`, snippet] as const))('%s synthesizes as written', (_, snippet) => {
    const work = fs.mkdtempSync(path.join(REPO, '.snippet-'));
    try {
      fs.cpSync(path.join(REPO, 'examples', 'state-model'), path.join(work, 'models', 'churn-2026-11'), { recursive: true });
      const file = path.join(work, 'snippet.ts');
      fs.writeFileSync(file, programOf(snippet.code));
      const result = spawnSync(process.execPath, [path.join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs'), file], {
        cwd: work,
        encoding: 'utf8',
      });
      expect({ status: result.status, stderr: result.stderr.slice(0, 2000) }).toEqual({ status: 0, stderr: expect.not.stringMatching(/Error/) });
      expect(fs.existsSync(path.join(work, 'cdk.out', 'Snippet.template.json'))).toBe(true);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }, SLOW_MS);
});
