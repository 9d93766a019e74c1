/**
 * `npm start`: serves the prediction API on this machine, no AWS account and no Docker needed.
 *
 *   npm start                                   # API on :3000, SageMaker runtime stand-in on :8080
 *   npm start -- --port 4000 --runtime-port 0   # 0 picks a free port
 *   npm start -- --model examples/state-model   # serves another model package
 *
 * Environment: PORT and RUNTIME_PORT are read when the flags are absent.
 */
import * as path from 'path';
import { parseArgs } from 'util';
import { startLocalService } from './local-service';

const USAGE = 'usage: npm start -- [--model PACKAGE_DIRECTORY] [--port N] [--runtime-port N] [--host ADDRESS]';

/** A TCP port (0 = any free port), or the problem with the text. */
function portFrom(name: string, text: string, problems: string[]): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) problems.push(`${name} must be a port number from 0 to 65535, got "${text}"`);
  return port;
}

function readSettings(argv: string[], env: NodeJS.ProcessEnv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      model: { type: 'string' }, port: { type: 'string' }, 'runtime-port': { type: 'string' }, host: { type: 'string' }, help: { type: 'boolean' },
    },
  });
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const problems: string[] = [];
  const apiPort = portFrom('--port', values.port ?? env.PORT ?? '3000', problems);
  const runtimePort = portFrom('--runtime-port', values['runtime-port'] ?? env.RUNTIME_PORT ?? '8080', problems);
  if (problems.length > 0) throw new Error(`${problems.join('\n')}\n${USAGE}`);
  return { apiPort, runtimePort, host: values.host ?? '127.0.0.1', modelPackage: values.model };
}

async function main(): Promise<void> {
  const settings = readSettings(process.argv.slice(2), process.env);
  const service = await startLocalService({
    ...settings,
    accessLog: (entry) => process.stderr.write(
      `${entry.method} ${entry.path} ${entry.statusCode} ${entry.latencyMillis.toFixed(1)} ms`
      + ` (API request ${entry.requestId}${entry.functionRequestId === undefined ? '' : `, function request ${entry.functionRequestId}`})\n`,
    ),
  });
  const { contract, goldenPath, version } = service.modelPackage;
  const golden = path.relative(process.cwd(), goldenPath);
  process.stdout.write([
    'Churn prediction API running locally (no AWS): the real Lambda handler, bundled by esbuild,',
    `calls a stand-in of the SageMaker runtime that scores with the model package ${contract.name} (${version}):`,
    `${contract.fields.length} fields per record, ${contract.features.length} model features.`,
    '',
    `  predictions:        POST ${service.predictionsUrl}`,
    `  SageMaker stand-in: POST ${service.invocationsUrl}`,
    '',
    'Try it with the package\'s first golden record (docs/LOCAL.md has more):',
    `  curl -s ${service.predictionsUrl} -H 'Content-Type: application/json' \\`,
    `    -d "$(node -p 'JSON.stringify({ records: [require("./${golden.split(path.sep).join('/')}").records[0].record] })')"`,
    'The function logs one JSON line per request (Powertools Logger; errors on stderr) and EMF metrics below. Ctrl-C stops.',
    '',
  ].join('\n'));
  const stop = () => {
    service.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: NodeJS.ErrnoException) => {
  const message = error.code === 'EADDRINUSE'
    ? `A port is already in use (${error.message}); choose others with --port and --runtime-port.`
    : error.message;
  process.stderr.write(`npm start: ${message}\n`);
  process.exit(1);
});
