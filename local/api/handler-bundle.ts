import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { build } from 'esbuild';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The prediction function's entry, as lib/api/predict-function.ts bundles it. */
export const PREDICT_HANDLER_ENTRY = path.join(__dirname, '..', '..', 'lambda', 'predict', 'handler.ts');

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
}

/**
 * Bundles the handler with esbuild the way the stack does (CommonJS for Node, every dependency
 * included, the pinned AWS SDK too), with an inline source map, and returns the code.
 */
export async function bundleHandler(options: BundleOptions = {}): Promise<string> {
  const result = await build({
    entryPoints: [options.entry ?? PREDICT_HANDLER_ENTRY],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    // The deployed bundle targets the Lambda runtime; locally, target the Node that runs it.
    target: `node${process.versions.node.split('.')[0]}`,
    minify: options.minify ?? false,
    sourcemap: 'inline',
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
 * Loads bundled code as a new module (from a new temporary file, so each load runs the
 * module's top level again, as a new Lambda execution environment does) and returns its
 * `handler` export. Module-level code reads `process.env` now: set the function's environment first.
 */
export function loadHandlerBundle(code: string, exportName = 'handler'): LoadedHandler {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'churn-local-handler-'));
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
