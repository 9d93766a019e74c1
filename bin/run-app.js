#!/usr/bin/env node
/**
 * What the CDK CLI runs for this app (cdk.json "app"): `node bin/run-app.js [entry]`, entry
 * bin/churn-prediction.ts unless given. It compiles the entry and the TypeScript it imports (bin/,
 * lib/, contract/, JSON files) with esbuild into one CommonJS module in memory (about 50 ms;
 * packages stay external and Node loads them from node_modules as usual) and runs it in this
 * process, with source maps on, so stack traces name the .ts files.
 *
 * Why not `npx tsx bin/churn-prediction.ts`: npx and tsx's CLI start two more Node processes, and
 * tsx's loader hooks every one of the ~900 modules the app loads (aws-cdk-lib, cdk-nag); together
 * about a second of each synth on 2 cores (docs/BENCHMARKS.md). Types are checked by
 * `npm run build` (tsc --noEmit), as tsx did not check them either.
 */
'use strict';
const Module = require('module');
const path = require('path');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
const entry = path.resolve(root, process.argv[2] ?? path.join('bin', 'churn-prediction.ts'));
// Named as if it sat beside the entry: __dirname, relative requires, node_modules and the source
// map's paths resolve as from there.
const filename = entry.replace(/\.ts$/, '.bundle.js');

const result = esbuild.buildSync({
  entryPoints: [entry],
  bundle: true,
  // Dependencies stay `require`s: resolved from node_modules, one copy of aws-cdk-lib for all.
  packages: 'external',
  platform: 'node',
  format: 'cjs',
  target: `node${process.versions.node.split('.')[0]}`,
  sourcemap: 'inline',
  sourcesContent: false,
  absWorkingDir: root,
  outfile: filename,
  write: false,
  logLevel: 'error',
});

process.setSourceMapsEnabled(true);
const app = new Module(filename, module);
app.filename = filename;
app.paths = Module._nodeModulePaths(path.dirname(filename));
app._compile(result.outputFiles[0].text, filename);
