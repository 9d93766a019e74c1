import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { inputVerifiedBuild } from '../../lib/private/input-verified-cache';

describe('inputVerifiedBuild', () => {
  let root: string;
  let input: string;
  let builds: number;
  const build = (outputDirectory: string) => {
    builds += 1;
    fs.writeFileSync(path.join(outputDirectory, 'out.txt'), fs.readFileSync(input, 'utf8').toUpperCase());
    return [input];
  };
  const run = (key = 'thing') => inputVerifiedBuild({ cacheDirectory: path.join(root, 'cache'), key, build });
  const output = (directory: string) => fs.readFileSync(path.join(directory, 'out.txt'), 'utf8');

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'input-verified-cache-'));
    input = path.join(root, 'input.txt');
    fs.writeFileSync(input, 'first');
    builds = 0;
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test('builds once, then serves the same directory while the inputs keep their content', () => {
    const first = run();
    const second = run();
    expect([first.fromCache, second.fromCache, builds]).toEqual([false, true, 1]);
    expect(second.directory).toBe(first.directory);
    expect(output(second.directory)).toBe('FIRST');
  });

  test('When an input changes: rebuilt, with the new content', () => {
    run();
    fs.writeFileSync(input, 'second');
    const again = run();
    expect([again.fromCache, builds]).toEqual([false, 2]);
    expect(output(again.directory)).toBe('SECOND');
  });

  test('When an input is gone, or the output was removed: rebuilt', () => {
    const first = run();
    fs.rmSync(first.directory, { recursive: true });
    expect(run().fromCache).toBe(false);
    fs.rmSync(input);
    fs.writeFileSync(input, 'first');
    expect(run().fromCache).toBe(true);
    expect(builds).toBe(2);
  });

  test('different keys never share an entry', () => {
    run('one');
    expect(run('two').fromCache).toBe(false);
    expect(builds).toBe(2);
  });

  test('When the build throws: nothing is cached and no scratch directory is left', () => {
    const failing = () => inputVerifiedBuild({ cacheDirectory: path.join(root, 'cache'), key: 'broken', build: () => { throw new Error('no'); } });
    expect(failing).toThrow('no');
    expect(fs.readdirSync(path.join(root, 'cache'))).toEqual([]);
  });
});
