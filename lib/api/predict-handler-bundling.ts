import { packagePath } from '../package-root';

/**
 * How the prediction function's code is bundled, shared by the stack (lib/api/predict-handler-code.ts)
 * and the local run (local/api/handler-bundle.ts) so both run the same code. Imports nothing from
 * aws-cdk-lib: the local run loads it without the CDK.
 */

/** The function's entry: its TypeScript source, shipped with the package and bundled by esbuild. */
export const PREDICT_HANDLER_ENTRY = packagePath('lambda', 'predict', 'handler.ts');

/**
 * Resolve packages to their ES module builds first. The AWS SDK and Powertools ship both; from
 * the ES modules esbuild drops what the function never imports (tree shaking), which takes the
 * minified bundle from 487 to 354 kB and its cold init from about +67 to about +45 ms over bare
 * Node, a few of which (loading `node:http`) move to the first request (`npm run bench`,
 * docs/BENCHMARKS.md). Same package versions; the local-run tests exercise this very bundle.
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
 * Packages left out of the bundle: only the credential sources the function never uses. The SDK
 * client, its signer, retries, HTTP handler and the environment-credentials provider are bundled
 * at the versions pinned in package-lock.json (the ones the tests ran), not taken from the
 * runtime's copy, whose version Lambda changes without notice (the client relies on
 * `requestHandler.throwOnRequestTimeout`, which older handlers ignore).
 *
 * Lambda hands the function its role's credentials in environment variables, so the default
 * chain stops at its first link (`fromEnv`). The other links (SSO, shared ini files, processes,
 * web identity, container metadata, with the STS/SSO clients they nest) are loaded only when that
 * fails, with lazy `require`s (see PREDICT_HANDLER_UNSUPPORTED_SYNTAX); should one ever run, it
 * resolves from the SDK v3 the nodejs24.x runtime ships. Leaving them out takes the minified
 * bundle from 354 to 246 kB (`npm run bench`). Marking all of `@aws-sdk/*` and `@smithy/*`
 * external instead (54 kB) would not speed up cold init: the SDK would then load from the
 * runtime's unbundled files at init.
 */
export const PREDICT_HANDLER_EXTERNAL_MODULES: readonly string[] = [
  '@aws-sdk/credential-provider-http',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-login',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/nested-clients',
  '@aws-sdk/token-providers',
];
