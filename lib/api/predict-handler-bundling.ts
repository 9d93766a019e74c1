import { packagePath } from '../package-root';

/**
 * How the prediction function's code is bundled, shared by the stack (lib/api/predict-function.ts)
 * and the local run (local/api/handler-bundle.ts) so both run the same code. Imports nothing from
 * aws-cdk-lib: the local run loads it without the CDK.
 */

/** The function's entry: its TypeScript source, shipped with the package and bundled by esbuild. */
export const PREDICT_HANDLER_ENTRY = packagePath('lambda', 'predict', 'handler.ts');

/**
 * Resolve packages to their ES module builds first. The AWS SDK and Powertools ship both; from
 * the ES modules esbuild drops what the function never imports (tree shaking), which takes the
 * minified bundle from 487 to 354 kB and its cold init from about +67 to about +45 ms over bare
 * Node, a few of which (loading `node:http`) move to the first request (`npm run bench`, README
 * "Benchmarks"). Same package versions; the local-run tests exercise this very bundle.
 */
export const PREDICT_HANDLER_MAIN_FIELDS: readonly string[] = ['module', 'main'];

/**
 * Syntax esbuild must rewrite. The ES module builds load a few Node built-ins (`node:http`...)
 * lazily with `import()`, which esbuild keeps in CommonJS output: Lambda's Node runs it, but
 * Jest's module sandbox cannot (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG), and the local-run
 * tests run this very bundle. As `require` calls they stay lazy and run everywhere.
 */
export const PREDICT_HANDLER_UNSUPPORTED_SYNTAX: readonly string[] = ['dynamic-import'];

/**
 * Packages left out of the bundle: none. The function bundles the SDK version pinned in
 * package-lock.json, the one its tests ran, rather than the runtime's copy, whose version Lambda
 * changes without notice (the client relies on `requestHandler.throwOnRequestTimeout`, which older
 * handlers ignore). Marking `@aws-sdk/*` and `@smithy/*` external shrinks the bundle to 54 kB but
 * does not speed up cold init (+63 to +82 ms against +38 to +49 ms in `npm run bench` runs): the SDK is then loaded
 * from the runtime's own unbundled files at init instead.
 */
export const PREDICT_HANDLER_EXTERNAL_MODULES: readonly string[] = [];
