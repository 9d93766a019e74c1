/**
 * Records what the local run answers, for scripts/container-fidelity.py to replay under the
 * serving container's xgboost. Starts the local service in-process and writes one JSON file:
 *
 *   - `cases`: CSV bodies exactly as the prediction function encodes them (every golden record
 *     alone, all of them in one body) plus edge cases of the container contract (too few
 *     columns, empty fields, too many columns, rows of different lengths), each with the
 *     status and scores of the stand-in's container route, `POST /invocations`;
 *   - `api`: the churn probability the local API (the real handler) answers for each golden record,
 *     posted as `{"records": [...]}` batches of 100.
 *
 * Usage: npx tsx scripts/stand-in-answers.ts OUTPUT.json [--model PACKAGE_DIRECTORY]   (default: model/bundled)
 */
import * as fs from 'fs';
import { parseArgs } from 'util';
import { encodeCsv } from '../lambda/predict/feature-encoder';
import type { ModelContract } from '../contract/model-contract';
import type { CustomerRecord } from '../lambda/predict/customer-record';
import { loadLocalModelPackage } from '../local/local-model-package';
import { startLocalService } from '../local/local-service';

interface StandInAnswer {
  readonly status: number;
  readonly scores: number[] | null;
}

interface FidelityCase {
  readonly name: string;
  readonly csv: string;
  readonly standIn: StandInAnswer;
}

const API_BATCH = 100;

/** The bodies to compare: the function's own encoding of every golden record, then contract edge cases. */
function caseBodies(records: readonly CustomerRecord[], contract: ModelContract): { name: string; csv: string }[] {
  const rowOf = (record: CustomerRecord) => encodeCsv([record], contract);
  const first = rowOf(records[0]).split(',');
  const withEmpty = first.map((value, column) => (column % 5 === 1 ? '' : value));
  return [
    ...records.map((record, index) => ({ name: `golden[${index}]`, csv: rowOf(record) })),
    { name: 'all golden records in one body', csv: encodeCsv(records, contract) },
    { name: 'golden[0] without its last 4 columns (scored as missing)', csv: first.slice(0, -4).join(',') },
    { name: 'golden[0] with every fifth field empty (missing values)', csv: withEmpty.join(',') },
    { name: 'golden[0] with one column too many', csv: [...first, '1'].join(',') },
    { name: 'rows of different lengths', csv: `${first.join(',')}\n${first.slice(0, 3).join(',')}` },
  ];
}

async function main(argv: string[]): Promise<void> {
  const { positionals: [output], values } = parseArgs({ args: argv, allowPositionals: true, options: { model: { type: 'string' } } });
  if (output === undefined) throw new Error('usage: npx tsx scripts/stand-in-answers.ts OUTPUT.json [--model PACKAGE_DIRECTORY]');
  const modelPackage = loadLocalModelPackage(values.model);
  const records = modelPackage.golden.map(({ record }) => record);
  const { contract } = modelPackage;
  // The function logs every scored request (and EMF metrics) to stdout; only this script's summary belongs there.
  // Its error lines go to stderr and stay visible.
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  const service = await startLocalService({ modelPackage: modelPackage.directory });
  try {
    const cases: FidelityCase[] = [];
    for (const { name, csv } of caseBodies(records, contract)) {
      const response = await fetch(`${service.runtimeUrl}/invocations`, {
        method: 'POST', headers: { 'Content-Type': 'text/csv', Accept: 'application/json' }, body: csv,
      });
      const text = await response.text();
      const scores = response.status === 200
        ? (JSON.parse(text) as { predictions: { score: number }[] }).predictions.map(({ score }) => score)
        : null;
      cases.push({ name, csv, standIn: { status: response.status, scores } });
    }
    const api: number[] = [];
    for (let start = 0; start < records.length; start += API_BATCH) {
      const response = await fetch(service.predictionsUrl, {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ records: records.slice(start, start + API_BATCH) }),
      });
      if (response.status !== 200) throw new Error(`the local API answered ${response.status}: ${await response.text()}`);
      const body = (await response.json()) as { predictions: { churnProbability: number }[] };
      api.push(...body.predictions.map(({ churnProbability }) => churnProbability));
    }
    fs.writeFileSync(output, `${JSON.stringify({ featureCount: contract.features.length, cases, api }, null, 1)}\n`);
    write(`stand-in answers: ${cases.length} CSV bodies, ${api.length} API predictions -> ${output}\n`);
  } finally {
    await service.close();
    process.stdout.write = write;
  }
}

main(process.argv.slice(2)).catch((error: Error) => {
  process.stderr.write(`stand-in-answers: ${error.message}\n`);
  process.exit(1);
});
