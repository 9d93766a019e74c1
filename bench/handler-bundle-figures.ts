import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { bundleHandler, makeBundleDirectory } from '../local/api/handler-bundle';
import { atMost, Figure, formatKilobytes, formatMillis, median, millisSince } from './figures';

const MAX_BUNDLE_BYTES = 250_000;
const MAX_INIT_OVER_BARE_MS = 60;

/** What the function's module-level code reads, as deployed (lib/api/predict-function.ts). */
const FUNCTION_ENVIRONMENT = {
  ENDPOINT_NAME: 'churn-bench', MODEL_VERSION: 'sha256-0123456789abcdef', MAX_RECORDS: '100',
  AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'BENCH', AWS_SECRET_ACCESS_KEY: 'bench', AWS_LAMBDA_FUNCTION_NAME: 'churn-bench',
  POWERTOOLS_LOG_LEVEL: 'INFO', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/** Wall time of one fresh `node -e <code>`, in milliseconds. */
function timeNode(code: string): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['-e', code], { env: { ...process.env, ...FUNCTION_ENVIRONMENT }, encoding: 'utf8' });
  const elapsed = millisSince(start);
  if (result.status !== 0) throw new Error(`node -e ${code} failed:\n${result.stderr}`);
  return elapsed;
}

/**
 * The deployed bundle (minified, node24, no source map) via bundleHandler(): its size, and its cold
 * init: the median wall time of `runs` fresh `node -e 'require(bundle)'` processes minus that of
 * `node -e 0`, alternating. For comparison, the same with the AWS SDK left to the runtime
 * (`@aws-sdk/*` and `@smithy/*` external, loaded from node_modules as Lambda loads its own copy).
 */
export async function measureHandlerBundle(runs: number): Promise<Figure[]> {
  const deployed = await bundleHandler({ minify: true, sourceMap: false, target: 'node24' });
  const sdkExternal = await bundleHandler({ minify: true, sourceMap: false, target: 'node24', externalModules: ['@aws-sdk/*', '@smithy/*'] });
  const directory = makeBundleDirectory('churn-bench-bundle-');
  try {
    const files = { deployed: path.join(directory, 'deployed.js'), sdkExternal: path.join(directory, 'sdk-external.js') };
    fs.writeFileSync(files.deployed, deployed);
    fs.writeFileSync(files.sdkExternal, sdkExternal);
    const times = { bare: [] as number[], deployed: [] as number[], sdkExternal: [] as number[] };
    for (let run = 0; run < runs; run++) {
      times.bare.push(timeNode('0'));
      times.deployed.push(timeNode(`require(${JSON.stringify(files.deployed)})`));
      times.sdkExternal.push(timeNode(`require(${JSON.stringify(files.sdkExternal)})`));
    }
    const bare = median(times.bare);
    const overBare = (samples: number[]) => median(samples) - bare;
    const deployedBytes = Buffer.byteLength(deployed);
    return [
      atMost('Lambda bundle, minified', deployedBytes, MAX_BUNDLE_BYTES, formatKilobytes, `${deployedBytes} bytes; the pinned AWS SDK and Powertools included`),
      atMost('cold init of the bundle over bare node', overBare(times.deployed), MAX_INIT_OVER_BARE_MS, (value) => `+${formatMillis(value)}`,
        `median of ${runs}: require(bundle) ${formatMillis(median(times.deployed))}, node -e 0 ${formatMillis(bare)}`),
      {
        name: 'for comparison, not deployed: SDK external (runtime\'s copy)',
        value: `${formatKilobytes(Buffer.byteLength(sdkExternal))}, init +${formatMillis(overBare(times.sdkExternal))}`,
        note: 'the SDK then loads from node_modules at init, as Lambda loads its own; docs/BENCHMARKS.md explains the choice',
      },
    ];
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}
