/**
 * Packs this library and lays out a consumer project around the tarball, as `npm install` would,
 * but offline and in a second: the tarball is extracted into node_modules, and every other package
 * (the consumer's own dependencies, the library's dependencies and peer dependencies, flat as npm
 * hoists them) is linked from this repository's node_modules, at the versions its lock file pins.
 */
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const REPO_ROOT = path.join(__dirname, '..', '..');
const REPO_MODULES = path.join(REPO_ROOT, 'node_modules');

interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly bin?: string | Record<string, string>;
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
}

function readManifest(directory: string): Manifest {
  return JSON.parse(fs.readFileSync(path.join(directory, 'package.json'), 'utf8')) as Manifest;
}

/** The environment of the tools run here: no update checks, no notices. */
export function toolEnvironment(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    CDK_DISABLE_VERSION_CHECK: '1',
    NPM_CONFIG_UPDATE_NOTIFIER: 'false',
    NPM_CONFIG_FUND: 'false',
    NPM_CONFIG_AUDIT: 'false',
  };
}

/** Runs a command, and throws with its output if it fails. */
export function run(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, env: toolEnvironment(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error !== undefined || result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

/** Runs `npm pack` in the repository (its `prepack` script builds dist/) and returns the tarball's path. */
export function packLibrary(destination: string): string {
  const result = run('npm', ['pack', '--json', '--pack-destination', destination], REPO_ROOT);
  // npm prints the prepack script's output before the JSON array.
  const [packed] = JSON.parse(result.stdout.slice(result.stdout.indexOf('[\n'))) as { filename: string }[];
  return path.join(destination, packed.filename);
}

/** Links `node_modules/<name>` of the consumer to this repository's copy, with its commands in node_modules/.bin. */
function linkFromRepository(modules: string, name: string, versionSpec: string): void {
  const target = path.join(modules, name);
  if (fs.existsSync(target)) return;
  const source = path.join(REPO_MODULES, name);
  if (!fs.existsSync(source)) throw new Error(`${name} is not installed in ${REPO_MODULES}`);
  const manifest = readManifest(source);
  if (/^\d+\.\d+\.\d+/.test(versionSpec) && manifest.version !== versionSpec) {
    throw new Error(`${name}@${versionSpec} is wanted, but the repository has ${manifest.version}`);
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.symlinkSync(source, target, 'dir');
  const bins = typeof manifest.bin === 'string' ? { [name.split('/').pop() as string]: manifest.bin } : manifest.bin ?? {};
  for (const [command, file] of Object.entries(bins)) {
    fs.mkdirSync(path.join(modules, '.bin'), { recursive: true });
    fs.symlinkSync(path.join(source, file), path.join(modules, '.bin', command));
  }
}

/**
 * Copies the example project into `directory` and installs it: the library from `tarball`, the
 * rest from this repository. Returns the installed library's directory.
 */
export function installConsumerProject(options: { readonly exampleDirectory: string; readonly tarball: string; readonly directory: string }): string {
  const { directory, tarball } = options;
  for (const file of fs.readdirSync(options.exampleDirectory)) {
    if (file === 'node_modules' || file === 'cdk.out' || file === 'package-lock.json') continue;
    fs.cpSync(path.join(options.exampleDirectory, file), path.join(directory, file), { recursive: true });
  }
  const modules = path.join(directory, 'node_modules');
  const staging = fs.mkdtempSync(path.join(directory, '.unpack-'));
  run('tar', ['-xzf', tarball, '-C', staging], directory);
  const library = readManifest(path.join(staging, 'package'));
  const libraryDirectory = path.join(modules, library.name);
  fs.mkdirSync(path.dirname(libraryDirectory), { recursive: true });
  fs.renameSync(path.join(staging, 'package'), libraryDirectory);
  fs.rmSync(staging, { recursive: true, force: true });

  const consumer = readManifest(directory);
  const wanted = {
    ...library.peerDependencies, ...library.dependencies, ...consumer.devDependencies, ...consumer.dependencies,
  };
  for (const [name, versionSpec] of Object.entries(wanted)) {
    if (name !== library.name) linkFromRepository(modules, name, versionSpec);
  }
  // npm writes the lock file; a consumer project has one.
  fs.writeFileSync(path.join(directory, 'package-lock.json'), `${JSON.stringify({ name: consumer.name, lockfileVersion: 3, requires: true, packages: {} }, null, 2)}\n`);
  return libraryDirectory;
}
