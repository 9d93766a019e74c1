/**
 * The README and docs/ stay true: every relative link reaches a file (and, in Markdown, a heading),
 * the README stays short, command blocks can be pasted as they are, and every example that runs
 * offline (a command block against the local service, followed by its answer) answers what the
 * page says when run with bash against the real local service.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { startLocalService, LocalService } from '../../local/local-service';
import { headingAnchors, markdownProse, REPOSITORY_ROOT } from '../support/markdown';

const DOCUMENTS = [
  'README.md',
  ...fs.readdirSync(path.join(REPOSITORY_ROOT, 'docs')).filter((file) => file.endsWith('.md')).map((file) => `docs/${file}`),
  'model/README.md',
];
/** The pages whose local examples run here, and how many each has at least. */
const OFFLINE_EXAMPLES: Record<string, number> = { 'README.md': 1, 'docs/LOCAL.md': 4 };
/** The local service's addresses as the pages write them (`npm start`'s defaults). */
const DOCUMENTED_API = 'http://127.0.0.1:3000';
const DOCUMENTED_RUNTIME = 'http://127.0.0.1:8080';

const read = (document: string) => fs.readFileSync(path.join(REPOSITORY_ROOT, document), 'utf8');

describe.each(DOCUMENTS)('%s', (document) => {
  test('every relative link reaches a file and, in Markdown, a heading', () => {
    const links = [...markdownProse(document).matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1])
      .filter((link) => !/^[a-z]+:/.test(link));
    const broken = links.filter((link) => {
      const [target, anchor] = link.split('#');
      const file = target === '' ? document : path.normalize(path.join(path.dirname(document), target));
      if (!fs.existsSync(path.join(REPOSITORY_ROOT, file))) return true;
      return anchor !== undefined && file.endsWith('.md') && !headingAnchors(file).has(anchor);
    });
    expect(broken).toEqual([]);
  });

  test('command blocks can be pasted: no `$ ` prompts mixed with output', () => {
    const blocks = [...read(document).matchAll(/^```(?:bash|sh|shell)\n([\s\S]*?)^```/gm)].map((match) => match[1]);
    expect(blocks.filter((block) => /^\s*\$ /m.test(block))).toEqual([]);
  });
});

test('the README is short enough to read in minutes (≤ 250 lines)', () => {
  expect(read('README.md').split('\n').length).toBeLessThanOrEqual(250);
});

interface Example { readonly document: string; readonly commands: string; readonly answer: string }

/** A bash block that calls the local service, followed by "answers" and a JSON block, or by "The answer is `…`". */
function offlineExamples(document: string): Example[] {
  const text = read(document);
  return [...text.matchAll(/^```bash\n([\s\S]*?)^```\n/gm)].flatMap((block) => {
    const commands = block[1];
    // Only calls to a running service; starting one (npm start) is for a terminal of its own.
    if (commands.includes('npm start') || (!commands.includes(DOCUMENTED_API) && !commands.includes(DOCUMENTED_RUNTIME))) return [];
    const answer = /^\n*(?:answers\n+```json\n([\s\S]*?)^```|The answer is `([^`]+)`)/m.exec(text.slice(block.index + block[0].length));
    return answer === null || answer.index !== 0 ? [] : [{ document, commands, answer: answer[1] ?? answer[2] }];
  });
}

describe('the offline examples answer what their page says', () => {
  const examples = Object.keys(OFFLINE_EXAMPLES).flatMap(offlineExamples);
  let service: LocalService;
  beforeAll(async () => { service = await startLocalService(); });
  afterAll(async () => { await service?.close(); });

  test.each(Object.entries(OFFLINE_EXAMPLES))('%s has at least %i', (document, count) => {
    expect(examples.filter((example) => example.document === document).length).toBeGreaterThanOrEqual(count);
  });

  test.each(examples.map((example, index) => [`${example.document} #${index + 1}`, example] as const))('%s', async (_, example) => {
    // As pasted in the repository's root, against this test's ports instead of npm start's.
    const commands = example.commands.split(DOCUMENTED_API).join(service.apiUrl).split(DOCUMENTED_RUNTIME).join(service.runtimeUrl);
    const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', commands], { cwd: REPOSITORY_ROOT, timeout: 30_000 });
    expect(JSON.parse(stdout)).toEqual(JSON.parse(example.answer));
  });
});
