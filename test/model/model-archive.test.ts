import * as fs from 'fs';
import * as path from 'path';
import { MODEL_FILE_NAME, readModelArchive } from '../../lib/model/model-archive';
import { readTarGzEntries } from '../../lib/model/tar-archive';
import { BUNDLED_PACKAGE_DIR } from '../support/model-packages';
import { gunzipSync, gzipSync } from 'zlib';
import { tarGz } from '../support/tar-writer';

const MODEL_JSON = '{"learner": {}}';

describe('readModelArchive: what the serving container would load from model.tar.gz', () => {
  test('the bundled archive holds exactly xgboost-model', () => {
    const contents = readModelArchive(fs.readFileSync(path.join(BUNDLED_PACKAGE_DIR, 'model.tar.gz')));
    expect(contents.problems).toEqual([]);
    expect(contents.modelFile?.subarray(0, 11).toString()).toBe('{"learner":');
  });

  test('directory entries and ./ prefixes (tar -C dir -czf model.tar.gz .) are fine', () => {
    const contents = readModelArchive(tarGz([{ name: './' }, { name: `./${MODEL_FILE_NAME}`, content: MODEL_JSON }]));
    expect(contents).toEqual({ modelFile: Buffer.from(MODEL_JSON), problems: [] });
  });

  test('When the archive holds two files: refused, naming both and the ensemble averaging', () => {
    const contents = readModelArchive(tarGz([{ name: MODEL_FILE_NAME, content: MODEL_JSON }, { name: 'notes.txt', content: 'v2' }]));
    expect(contents.modelFile).toBeUndefined();
    expect(contents.problems).toEqual([
      'model.tar.gz holds 2 files (xgboost-model, notes.txt): the serving container loads every file and averages their predictions '
        + 'as an ensemble; it must hold exactly one, xgboost-model',
    ]);
  });

  test('When the one file has another name, or sits in a folder: refused', () => {
    expect(readModelArchive(tarGz([{ name: 'model.json', content: MODEL_JSON }])).problems)
      .toEqual(['model.tar.gz holds one file, "model.json"; it must be named xgboost-model, at the top of the archive']);
    expect(readModelArchive(tarGz([{ name: 'model/' }, { name: `model/${MODEL_FILE_NAME}`, content: MODEL_JSON }])).problems)
      .toEqual(['model.tar.gz holds one file, "model/xgboost-model"; it must be named xgboost-model, at the top of the archive']);
  });

  test('When the archive is empty, or not gzip: refused', () => {
    expect(readModelArchive(tarGz([])).problems).toEqual(['model.tar.gz holds no file; it must hold exactly one, xgboost-model']);
    expect(readModelArchive(Buffer.from(MODEL_JSON)).problems).toEqual(['model.tar.gz cannot be read: it is not gzip-compressed']);
  });
});

describe('readTarGzEntries', () => {
  test('applies a pax extended header\'s path to the next member, as tar and Python write long names', () => {
    const longName = `${'d'.repeat(120)}/${MODEL_FILE_NAME}`;
    const body = ` path=${longName}\n`;
    const length = body.length + String(body.length + 3).length;
    const entries = readTarGzEntries(tarGz([
      { name: 'PaxHeaders.0/xgboost-model', content: `${length}${body}`, typeFlag: 'x' },
      { name: 'truncated-name', content: MODEL_JSON },
    ]));
    expect(entries.map((entry) => entry.name)).toEqual([longName]);
  });

  test('a global pax header is not a member', () => {
    const entries = readTarGzEntries(tarGz([{ name: 'pax_global_header', content: '18 comment=abcdef\n', typeFlag: 'g' }, { name: MODEL_FILE_NAME, content: MODEL_JSON }]));
    expect(entries.map((entry) => entry.name)).toEqual([MODEL_FILE_NAME]);
  });

  test('When the archive is cut short: an error says so', () => {
    const tar = gunzipSync(tarGz([{ name: MODEL_FILE_NAME, content: 'x'.repeat(2000) }]));
    expect(() => readTarGzEntries(gzipSync(tar.subarray(0, 1024)))).toThrow(/extends past the end of the archive/);
  });
});
