import * as fs from 'fs';
import * as path from 'path';
import * as library from '../../lib';

const LIB = path.join(__dirname, '..', '..', 'lib');

/** Every `.ts` file under lib/, but the index itself. */
function libSources(): string[] {
  return (fs.readdirSync(LIB, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.ts') && file !== 'index.ts')
    .map((file) => fs.readFileSync(path.join(LIB, file), 'utf8'));
}

function declared(pattern: RegExp): string[] {
  return libSources().flatMap((source) => [...source.matchAll(pattern)].map((match) => match[1])).sort();
}

describe('lib/index.ts, the package\'s entry point', () => {
  test('exports every class declared under lib/', () => {
    const classes = declared(/^export (?:abstract )?class (\w+)/gm);
    expect(classes.length).toBeGreaterThan(15);
    expect(classes.filter((name) => typeof (library as Record<string, unknown>)[name] !== 'function')).toEqual([]);
  });

  test('exports the type of every construct\'s props and options', () => {
    const index = fs.readFileSync(path.join(LIB, 'index.ts'), 'utf8');
    const exported = new Set([...index.matchAll(/export type \{([^}]*)\}/g)].flatMap((match) => match[1].split(',').map((name) => name.trim())));
    const props = declared(/^export interface (\w+(?:Props|Options))\b/gm);
    expect(props).toContain('ChurnPredictionServiceProps');
    expect(props.filter((name) => !exported.has(name))).toEqual([]);
  });

  test('exports no internals: no Resolved* type and no helper function, only classes and constants', () => {
    const index = fs.readFileSync(path.join(LIB, 'index.ts'), 'utf8');
    expect(index).not.toMatch(/\bResolved\w*/);
    const functions = Object.entries(library)
      .filter(([, value]) => typeof value === 'function' && !/^class\b/.test(Function.prototype.toString.call(value)))
      .map(([name]) => name);
    expect(functions).toEqual([]);
  });

  test('the service\'s props have at most 10 top-level keys, one group per part', () => {
    const source = fs.readFileSync(path.join(LIB, 'churn-prediction-service.ts'), 'utf8');
    const body = /export interface ChurnPredictionServiceProps \{([\s\S]*?)\n\}/.exec(source)?.[1] ?? '';
    const keys = [...body.matchAll(/^  readonly (\w+)\?/gm)].map((match) => match[1]);
    expect(keys).toEqual(['model', 'endpoint', 'network', 'predictions', 'api', 'monitoring', 'encryptionKey', 'logRetention', 'outputs']);
    expect(keys.length).toBeLessThanOrEqual(10);
  });

  test('exports values, not only types: the stages and the capacity factories', () => {
    expect(library.STAGES.map((stage) => stage.name)).toEqual(['Dev', 'Prod']);
    expect(library.VariantCapacity.serverless().resolve()).toEqual({ kind: 'serverless', memorySizeInMB: 2048, maxConcurrency: 5, provisionedConcurrency: undefined });
  });
});
