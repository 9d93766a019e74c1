/** Regenerates contract/openapi.json from the contract (`npm run contract`). */
import * as fs from 'fs';
import * as path from 'path';
import { openApiText } from './openapi-document';

export const OPENAPI_FILE = path.join(__dirname, 'openapi.json');

if (require.main === module) {
  fs.writeFileSync(OPENAPI_FILE, openApiText());
  process.stdout.write(`wrote ${path.relative(process.cwd(), OPENAPI_FILE)}\n`);
}
