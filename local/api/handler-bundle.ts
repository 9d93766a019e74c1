import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { build } from 'esbuild';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  PREDICT_HANDLER_ENTRY, PREDICT_HANDLER_EXTERNAL_MODULES, PREDICT_HANDLER_MAIN_FIELDS, PREDICT_HANDLER_UNSUPPORTED_SYNTAX,
} from '../../lib/api/predict-handler-bundling';
import { packageRoot } from '../../lib/package-root';

export { PREDICT_HANDLER_ENTRY } from '../../lib/api/predict-handler-bundling';

/** A Lambda handler for API Gateway proxy events. */
export type ProxyHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

export interface BundleOptions {
  /**
   * Minify, as the deployed bundle is.
   * @default false - readable stack traces locally
   */
  readonly minify?: boolean;
  /**
   * The entry file.
   * @default PREDICT_HANDLER_ENTRY
   */
  readonly entry?: string;
  /**
   * Append an inline source map.
   * @default true
   */
  readonly sourceMap?: boolean;
  /**
   * esbuild's target, e.g. `node24` as deployed.
   * @default - the major version of the Node.js running this
   */
  readonly target?: string;
  /**
   * Packages left out of the bundle and loaded at run time (from the project's node_modules, see
   * loadHandlerBundle).
   * @default PREDICT_HANDLER_EXTERNAL_MODULES - as deployed
   */
  readonly externalModules?: readonly string[];
}

/**
 * Bundles the handler with esbuild the way the stack does (lib/api/predict-handler-bundling.ts:
 * CommonJS for Node, ES module builds of dependencies first, no `import()` left, the same
 * packages external, i.e. the pinned AWS SDK included), by default with an inline source map, and
 * returns the code.
 */
export async function bundleHandler(options: BundleOptions = {}): Promise<string> {
  const result = await build({
    entryPoints: [options.entry ?? PREDICT_HANDLER_ENTRY],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    // The deployed bundle targets the Lambda runtime; locally, target the Node that runs it.
    target: options.target ?? `node${process.versions.node.split('.')[0]}`,
    mainFields: [...PREDICT_HANDLER_MAIN_FIELDS],
    supported: Object.fromEntries(PREDICT_HANDLER_UNSUPPORTED_SYNTAX.map((feature) => [feature, false])),
    external: [...(options.externalModules ?? PREDICT_HANDLER_EXTERNAL_MODULES)],
    minify: options.minify ?? false,
    sourcemap: (options.sourceMap ?? true) ? 'inline' : false,
    sourcesContent: false,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

/** A bundle loaded as a fresh module, with the handler it exports. */
export interface LoadedHandler {
  readonly handler: ProxyHandler;
  /** Removes the bundle's temporary directory. */
  dispose(): void;
}

/**
 * A new temporary directory from which `require` finds this project's node_modules (under
 * node_modules/.cache when there is one), so a bundle that leaves packages external loads them
 * from there, as the Lambda runtime would load its own copies.
 */
export function makeBundleDirectory(prefix: string): string {
  const cache = path.join(packageRoot(), 'node_modules', '.cache');
  const base = fs.existsSync(path.dirname(cache)) ? cache : os.tmpdir();
  fs.mkdirSync(base, { recursive: true });
  return fs.mkdtempSync(path.join(base, prefix));
}

/**
 * Loads bundled code as a new module (from a new temporary file, so each load runs the
 * module's top level again, as a new Lambda execution environment does) and returns its
 * `handler` export. Module-level code reads `process.env` now: set the function's environment first.
 */
export function loadHandlerBundle(code: string, exportName = 'handler'): LoadedHandler {
  const directory = makeBundleDirectory('churn-local-handler-');
  const dispose = () => fs.rmSync(directory, { recursive: true, force: true });
  try {
    const file = path.join(directory, 'index.js');
    fs.writeFileSync(file, code);
    const exported = (require(file) as Record<string, unknown>)[exportName];
    if (typeof exported !== 'function') throw new Error(`The bundle does not export a function named "${exportName}"`);
    return { handler: exported as ProxyHandler, dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}
