import { CustomerRecord } from '../../lambda/predict/customer-record';
import { encodeCsv, encodeFeatures } from '../../lambda/predict/feature-encoder';
import { archivedModelOf, BUNDLED_CONTRACT, BUNDLED_PACKAGE_DIR } from '../support/model-packages';
import { validRecord, validRecords } from './support';

const MODEL = archivedModelOf(BUNDLED_PACKAGE_DIR);
const COLUMNS = BUNDLED_CONTRACT.features.map((feature) => feature.name);
const AREA_COLUMNS = ['area_code_408', 'area_code_415', 'area_code_510'];

function record(overrides: Record<string, unknown> = {}): CustomerRecord {
  return { ...validRecord(), ...overrides } as CustomerRecord;
}

/** The encoded vector of one record, keyed by model column name. */
function encodedByColumn(customer: CustomerRecord): Record<string, number> {
  const values = encodeFeatures(customer, BUNDLED_CONTRACT);
  return Object.fromEntries(COLUMNS.map((name, index) => [name, values[index]]));
}

describe('the bundled package\'s contract', () => {
  test('lists the model columns in the order the bundled model was trained on', () => {
    expect(MODEL.learner.feature_names).toHaveLength(21);
    expect(COLUMNS).toEqual(MODEL.learner.feature_names);
    expect(Number(MODEL.learner.learner_model_param.num_feature)).toBe(COLUMNS.length);
  });

  test('reads only fields the API record has', () => {
    const fields = new Set(BUNDLED_CONTRACT.fields.map((field) => field.name));
    const sources = BUNDLED_CONTRACT.features.flatMap((feature) => ('sources' in feature ? feature.sources : [feature.source]));
    expect(sources.filter((source) => !fields.has(source))).toEqual([]);
  });
});

describe('encodeFeatures', () => {
  test('gives one value per model column', () => {
    expect(encodeFeatures(record(), BUNDLED_CONTRACT)).toHaveLength(BUNDLED_CONTRACT.features.length);
  });

  test('encodes golden record 0 as the exact vector', () => {
    expect(encodeFeatures(record(), BUNDLED_CONTRACT)).toEqual([
      84, 1, 0, 0, 299.4, 71, 50.9, 61.9, 88, 5.26, 196.9, 89, 8.86, 6.6, 7, 1.78, 2,
      50.9 + 5.26 + 8.86 + 1.78,
      1, 0, 0,
    ]);
  });

  test('copies every number field into its column unchanged', () => {
    const customer = record();
    const encoded = encodedByColumn(customer);
    for (const feature of BUNDLED_CONTRACT.features) {
      if (feature.encoding === 'number') expect(encoded[feature.name]).toBe(customer[feature.source]);
    }
  });

  test.each([
    [true, true, 1, 1],
    [true, false, 1, 0],
    [false, true, 0, 1],
    [false, false, 0, 0],
  ])('internationalPlan %s and voiceMailPlan %s become %d and %d', (internationalPlan, voiceMailPlan, international, voiceMail) => {
    const encoded = encodedByColumn(record({ internationalPlan, voiceMailPlan }));
    expect(encoded.international_plan).toBe(international);
    expect(encoded.voice_mail_plan).toBe(voiceMail);
  });

  test.each([
    ['408', 'area_code_408'],
    ['415', 'area_code_415'],
    ['510', 'area_code_510'],
  ])('areaCode %s sets %s and only it', (areaCode, hot) => {
    const encoded = encodedByColumn(record({ areaCode }));
    expect(AREA_COLUMNS.map((column) => encoded[column])).toEqual(AREA_COLUMNS.map((column) => (column === hot ? 1 : 0)));
  });

  test('total_charge is the four charges added left to right', () => {
    const customer = record();
    const { totalDayCharge, totalEveCharge, totalNightCharge, totalIntlCharge } = customer as Record<string, number>;
    expect(encodedByColumn(customer).total_charge).toBe(((totalDayCharge + totalEveCharge) + totalNightCharge) + totalIntlCharge);
  });

  test('total_charge keeps the left-to-right rounding (0.1 + 0.2 + 0.3, not 0.3 + 0.2 + 0.1)', () => {
    const encoded = encodedByColumn(record({ totalDayCharge: 0.1, totalEveCharge: 0.2, totalNightCharge: 0.3, totalIntlCharge: 0 }));
    expect(encoded.total_charge).toBe(0.6000000000000001);
    expect(encoded.total_charge).not.toBe(0.3 + 0.2 + 0.1);
  });

  test('does not change the record', () => {
    const customer = record();
    const copy = structuredClone(customer);
    encodeFeatures(customer, BUNDLED_CONTRACT);
    expect(customer).toEqual(copy);
  });
});

describe('encodeCsv', () => {
  const records = validRecords(3) as CustomerRecord[];

  test('writes one line per record, in order, with no header and no trailing newline', () => {
    const lines = encodeCsv(records, BUNDLED_CONTRACT).split('\n');
    expect(lines).toHaveLength(3);
    lines.forEach((line, index) => expect(line).toBe(encodeFeatures(records[index], BUNDLED_CONTRACT).join(',')));
    expect(lines.join('\n')).not.toMatch(/[a-z_]/i);
  });

  test('writes golden record 0 as the exact row', () => {
    expect(encodeCsv([records[0]], BUNDLED_CONTRACT)).toBe('84,1,0,0,299.4,71,50.9,61.9,88,5.26,196.9,89,8.86,6.6,7,1.78,2,66.8,1,0,0');
  });

  test('separates a row into one comma-separated cell per column, with no spaces or quotes', () => {
    for (const line of encodeCsv(records, BUNDLED_CONTRACT).split('\n')) {
      const cells = line.split(',');
      expect(cells).toHaveLength(COLUMNS.length);
      for (const cell of cells) expect(cell).toMatch(/^-?\d+(\.\d+)?(e[+-]\d+)?$/);
    }
  });

  test('numbers round-trip exactly through the text, for every golden record', () => {
    const all = validRecords(200) as CustomerRecord[];
    const lines = encodeCsv(all, BUNDLED_CONTRACT).split('\n');
    expect(lines).toHaveLength(200);
    lines.forEach((line, index) => {
      const expected = encodeFeatures(all[index], BUNDLED_CONTRACT);
      expect(line.split(',').map(Number)).toEqual(expected);
      line.split(',').forEach((cell, column) => expect(Number(cell)).toBe(expected[column]));
    });
  });

  test('awkward doubles round-trip too', () => {
    const customer = record({ totalDayCharge: 0.1, totalEveCharge: 0.2, totalNightCharge: 0.3, totalIntlCharge: 1e-7, totalDayMinutes: 702.9999999999999 });
    const cells = encodeCsv([customer], BUNDLED_CONTRACT).split(',');
    const expected = encodeFeatures(customer, BUNDLED_CONTRACT);
    cells.forEach((cell, column) => expect(Number(cell)).toBe(expected[column]));
    expect(cells[COLUMNS.indexOf('total_intl_charge')]).toBe('1e-7');
  });

  test('an empty batch is an empty body', () => {
    expect(encodeCsv([], BUNDLED_CONTRACT)).toBe('');
  });
});
