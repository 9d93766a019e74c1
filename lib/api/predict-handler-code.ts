import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { BuildOptions } from 'esbuild';
import { packageRoot } from '../package-root';
import { cacheDirectory } from '../private/cache-directory';
import { inputVerifiedBuild } from '../private/input-verified-cache';
import {
  PREDICT_HANDLER_ENTRY, PREDICT_HANDLER_EXTERNAL_MODULES, PREDICT_HANDLER_MAIN_FIELDS, PREDICT_HANDLER_UNSUPPORTED_SYNTAX,
} from './predict-handler-bundling';

/** The Lambda runtime's Node.js major, as esbuild's target. */
export const PREDICT_HANDLER_TARGET = 'node24';

/**
 * esbuild's options for the deployed bundle: what `NodejsFunction` passed with
 * `minify`, `sourceMap`, `sourcesContent: false`, `target: node24` and the shared settings of
 * predict-handler-bundling.ts, so the output is byte for byte the bundle it produced.
 */
function deployedBuildOptions(outputDirectory: string): BuildOptions {
  return {
    entryPoints: [PREDICT_HANDLER_ENTRY],
    bundle: true,
    platform: 'node',
    target: PREDICT_HANDLER_TARGET,
    outfile: path.join(outputDirectory, 'index.js'),
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    mainFields: [...PREDICT_HANDLER_MAIN_FIELDS],
    supported: Object.fromEntries(PREDICT_HANDLER_UNSUPPORTED_SYNTAX.map((feature) => [feature, false])),
    // Bundle the pinned SDK client instead of the runtime's copy, so what was tested is what runs.
    external: [...PREDICT_HANDLER_EXTERNAL_MODULES],
    absWorkingDir: packageRoot(),
    metafile: true,
    logLevel: 'warning',
  };
}

/**
 * The tsconfig.json files esbuild may read for the entry (from its directory up): they shape the
 * output without being inputs of the metafile, so they are part of the cache key.
 */
function tsconfigContents(): string {
  const found: string[] = [];
  for (let directory = path.dirname(PREDICT_HANDLER_ENTRY); ; directory = path.dirname(directory)) {
    const file = path.join(directory, 'tsconfig.json');
    if (fs.existsSync(file)) found.push(`${file}\n${fs.readFileSync(file, 'utf8')}`);
    if (path.dirname(directory) === directory) return found.join('\n');
  }
}

/** Names the build's settings: esbuild's version, the options, the tsconfig files. */
function cacheKey(esbuildVersion: string): string {
  const settings = JSON.stringify({ esbuildVersion, options: deployedBuildOptions('<out>'), tsconfig: tsconfigContents() });
  return `predict-handler-${crypto.createHash('sha256').update(settings).digest('hex').slice(0, 16)}`;
}

let bundled: string | undefined;

/**
 * The directory holding the deployed bundle (`index.js`, `index.js.map`). Built by esbuild's API
 * in this process (no `npx`, no Docker) once per process, and kept in
 * `node_modules/.cache/churn-prediction-service/` keyed by its settings and checked against the
 * content of every file it was built from, so every stage, test file and later synth reuses it
 * until a source changes. The source map names the sources relative to that directory, so the
 * bundle, and the asset hash, do not depend on the checkout's path or the synth's output directory.
 */
export function predictHandlerBundle(): string {
  if (bundled !== undefined) return bundled;
  // Loaded on first use: importing the library does not need esbuild, synthesizing the function does.
  const esbuild = require('esbuild') as typeof import('esbuild');
  const root = packageRoot();
  const { directory } = inputVerifiedBuild({
    cacheDirectory: cacheDirectory('predict-handler'),
    key: cacheKey(esbuild.version),
    build: (outputDirectory) => {
      const result = esbuild.buildSync(deployedBuildOptions(outputDirectory));
      return Object.keys(result.metafile?.inputs ?? {}).map((input) => path.resolve(root, input));
    },
  });
  bundled = directory;
  return directory;
}

/**
 * The prediction function's code: the bundle of predictHandlerBundle(), staged by the CDK as a
 * bundled asset (hashed by its output, marked bundled in the asset metadata). One per function:
 * an asset belongs to one stack. Stages of one app share the staged copy.
 */
export function predictHandlerCode(): lambda.Code {
  return lambda.Code.fromAsset(path.dirname(PREDICT_HANDLER_ENTRY), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never pulled: local bundling always succeeds or throws.
      image: DockerImage.fromRegistry('dummy'),
      local: {
        tryBundle(outputDir: string): boolean {
          const bundle = predictHandlerBundle();
          for (const name of fs.readdirSync(bundle)) fs.copyFileSync(path.join(bundle, name), path.join(outputDir, name));
          return true;
        },
      },
    },
  });
}
