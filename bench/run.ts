/**
 * `npm run bench`: the figures of docs/BENCHMARKS.md ("npm run bench"), each with its target and PASS/MISS.
 * Takes about eight minutes on 2 cores, most of it the synths and the test runs; `--skip-tests`
 * leaves `npm test` and `npm run test:integration` out. The load average is printed at the start
 * and the end: on a machine shared with other work, read the figures with it.
 * Benchmarks are not tests: a MISS does not fail the run (an error does).
 */
import './quiet-sdk';
import * as os from 'os';
import { parseArgs } from 'util';
import { Figure, formatFigure, formatMillis, millisSince } from './figures';
import { measureHandlerBundle } from './handler-bundle-figures';
import { measureHandlerOverhead } from './handler-overhead';
import { measureLocalApiLatency } from './local-api-latency';
import { measureNpmTest } from './npm-test-time';
import { measureSynthPhases } from './synth-phases';
import { measureSynthTime } from './synth-time';
import { measureThrottledModelCall } from './throttled-model-call';

const RUNS = { synth: 5, synthPhases: 3, init: 21, handlerRequests: 20_000, apiRequests: 3_000, throttled: 5 };

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'skip-tests': { type: 'boolean', default: false } } });
  const started = process.hrtime.bigint();
  const load = () => os.loadavg().map((value) => value.toFixed(2)).join(' / ');
  console.log(`churn-prediction-service benchmarks: node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}`);
  console.log(`load average (1 / 5 / 15 min) at the start: ${load()}`);
  const figures: Figure[] = [];
  const section = async (title: string, measure: () => Figure[] | Promise<Figure[]>) => {
    const start = process.hrtime.bigint();
    process.stdout.write(`\n== ${title} `);
    const measured = await measure();
    console.log(`(${formatMillis(millisSince(start))})`);
    for (const figure of measured) console.log(formatFigure(figure));
    figures.push(...measured);
  };
  await section('Lambda bundle: size and cold init', () => measureHandlerBundle(RUNS.init));
  await section('handler overhead in process', () => measureHandlerOverhead(RUNS.handlerRequests));
  await section('local API against the SageMaker stand-in', () => measureLocalApiLatency(RUNS.apiRequests));
  await section('throttled model call', () => measureThrottledModelCall(RUNS.throttled));
  let bareSynthMillis: number | undefined;
  await section('synth time', () => {
    const synth = measureSynthTime(RUNS.synth);
    bareSynthMillis = synth.bareMillis;
    return synth.figures;
  });
  await section('synth phases (the app without the CLI)', () => measureSynthPhases(RUNS.synthPhases));
  if (!values['skip-tests']) await section('npm test and npm run test:integration', () => measureNpmTest(bareSynthMillis));

  const judged = figures.filter((figure) => figure.met !== undefined);
  console.log(`\nload average (1 / 5 / 15 min) at the end: ${load()}`);
  console.log(`${judged.filter((figure) => figure.met).length} of ${judged.length} targets met, in ${formatMillis(millisSince(started))}:`);
  for (const figure of judged) console.log(`  ${figure.met ? 'PASS' : 'MISS'}  ${figure.name}: ${figure.value} (target ${figure.target})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
