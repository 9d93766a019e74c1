/**
 * Writes the OpenAPI document of a model package's API (`npm run contract`).
 *
 *   npm run contract                                        # the bundled package's, to contract/openapi.json
 *   npm run contract -- --model examples/state-model --out state-openapi.json [--max-records 25] [--variants Blue,Green]
 *
 * A deployed stack's own document is `service.api.openApiDocument()`: the same function, given the
 * stack's package, records per request and targetable variants.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { readContractFile } from '../lib/model/contract-file';
import { BUNDLED_MODEL_PACKAGE_DIRECTORY, MODEL_PACKAGE_FILES } from '../lib/model/model-package-directory';
import { openApiText } from '../contract/openapi-document';
import { DEFAULT_REQUEST_LIMITS, MAX_RECORDS_CEILING } from '../contract/prediction-contract';

/** The committed document: the bundled package's, with the default limits. */
export const OPENAPI_FILE = path.join(__dirname, '..', 'contract', 'openapi.json');

function main(argv: string[]): void {
  const { values } = parseArgs({
    args: argv,
    options: { model: { type: 'string' }, out: { type: 'string' }, 'max-records': { type: 'string' }, variants: { type: 'string' } },
  });
  const directory = values.model ?? BUNDLED_MODEL_PACKAGE_DIRECTORY;
  const { contract, problems } = readContractFile(path.join(directory, MODEL_PACKAGE_FILES.contract));
  if (problems.length > 0) throw new Error(`${directory}: ${problems.join('; ')}`);
  const maxRecords = values['max-records'] === undefined ? DEFAULT_REQUEST_LIMITS.maxRecords : Number(values['max-records']);
  if (!Number.isInteger(maxRecords) || maxRecords < 1 || maxRecords > MAX_RECORDS_CEILING) {
    throw new Error(`--max-records must be a whole number from 1 to ${MAX_RECORDS_CEILING}, got ${values['max-records']}`);
  }
  const allowedVariants = values.variants === undefined ? [] : values.variants.split(',').filter((name) => name !== '');
  const out = values.out ?? (values.model === undefined ? OPENAPI_FILE : undefined);
  const text = openApiText(contract, { maxRecords, allowedVariants });
  if (out === undefined) {
    process.stdout.write(text);
    return;
  }
  fs.writeFileSync(out, text);
  process.stderr.write(`wrote ${path.relative(process.cwd(), out)}\n`);
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`npm run contract: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
