/**
 * Latency of the local API (front → bundled handler → SDK → stand-in) against calling the
 * SageMaker runtime stand-in directly, one keep-alive connection each, requests alternating.
 *
 * The function writes a Powertools log line and EMF metrics per request to stdout, as in Lambda,
 * so the measurement runs in a child process whose output goes to /dev/null:
 * `tsx bench/local-api-latency.ts <result.json>`; measureLocalApiLatency() starts it.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { encodeCsv } from '../lambda/predict/feature-encoder';
import { startLocalService } from '../local/local-service';
import { atMost, Figure, formatMillis, millisSince, percentile } from './figures';

const MAX_P99_RATIO = 2;
const WARM_UP = 200;

interface Series {
  readonly latencies: number[];
  totalMillis: number;
}

interface LatencyResult {
  readonly api: Series;
  readonly direct: Series;
}

/** POSTs `body` and resolves with the status once the answer is read. */
function post(agent: http.Agent, url: string, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent, headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

async function measure(requests: number): Promise<LatencyResult> {
  // Minified as deployed; BENCH_READABLE_HANDLER=1 keeps names readable for a CPU profile.
  const service = await startLocalService({ minifyHandler: process.env.BENCH_READABLE_HANDLER !== '1' });
  const agents = { api: new http.Agent({ keepAlive: true, maxSockets: 1 }), direct: new http.Agent({ keepAlive: true, maxSockets: 1 }) };
  try {
    const { golden, contract } = service.modelPackage;
    const { record } = golden[0];
    const calls = {
      api: () => post(agents.api, service.predictionsUrl, { 'Content-Type': 'application/json' }, JSON.stringify({ records: [record] })),
      direct: () => post(agents.direct, service.invocationsUrl, { 'Content-Type': 'text/csv', Accept: 'application/json' }, encodeCsv([record], contract)),
    };
    const result: LatencyResult = { api: { latencies: [], totalMillis: 0 }, direct: { latencies: [], totalMillis: 0 } };
    for (let run = 0; run < WARM_UP + requests; run++) {
      for (const kind of ['api', 'direct'] as const) {
        const start = process.hrtime.bigint();
        const status = await calls[kind]();
        const elapsed = millisSince(start);
        if (status !== 200) throw new Error(`${kind} answered ${status}`);
        if (run >= WARM_UP) {
          result[kind].latencies.push(elapsed);
          result[kind].totalMillis += elapsed;
        }
      }
    }
    return result;
  } finally {
    agents.api.destroy();
    agents.direct.destroy();
    await service.close();
  }
}

function summarize(series: Series): string {
  const perSecond = series.latencies.length / (series.totalMillis / 1000);
  return `p50 ${formatMillis(percentile(series.latencies, 0.5))}, p99 ${formatMillis(percentile(series.latencies, 0.99))}, ${perSecond.toFixed(0)} requests/s`;
}

/** Runs the measurement in a child process (see the file's comment) and reports it. */
export function measureLocalApiLatency(requests: number): Figure[] {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'churn-bench-api-'));
  const output = path.join(directory, 'result.json');
  try {
    const child = spawnSync('npx', ['tsx', __filename, output, String(requests)], {
      cwd: path.join(__dirname, '..'), stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
    });
    if (child.status !== 0 || !fs.existsSync(output)) throw new Error(`the local API benchmark failed:\n${child.stderr.slice(-4000)}`);
    const { api, direct } = JSON.parse(fs.readFileSync(output, 'utf8')) as LatencyResult;
    const ratio = percentile(api.latencies, 0.99) / percentile(direct.latencies, 0.99);
    const medianRatio = percentile(api.latencies, 0.5) / percentile(direct.latencies, 0.5);
    return [
      { name: 'local API, POST /live/v1/predictions (1 record)', value: summarize(api), note: `${api.latencies.length} sequential requests, one keep-alive connection` },
      { name: 'SageMaker runtime stand-in called directly', value: summarize(direct), note: 'the same record as its CSV row, alternating with the API requests' },
      atMost('local API p99 / direct p99', ratio, MAX_P99_RATIO, (value) => `${value.toFixed(2)}×`,
        `p50: ${medianRatio.toFixed(2)}×; the API path adds a second HTTP hop (front → function → SDK → stand-in) and the SDK's signing and middleware`),
    ];
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const [output, requests] = process.argv.slice(2);
  measure(Number(requests)).then((result) => fs.writeFileSync(output, JSON.stringify(result)), (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  });
}
