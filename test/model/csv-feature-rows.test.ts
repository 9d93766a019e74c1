import { parseCsvFeatureRows } from '../../model/csv-feature-rows';

describe('parseCsvFeatureRows', () => {
  test('reads one row per line, skipping blank lines and accepting CRLF', () => {
    expect(parseCsvFeatureRows('1,2.5,-3\r\n\n4,5e-7,6\n')).toEqual([[1, 2.5, -3], [4, 5e-7, 6]]);
  });

  test('an empty field is a missing value (NaN), as in the sagemaker-xgboost container', () => {
    expect(parseCsvFeatureRows('1,,3, ')).toEqual([[1, Number.NaN, 3, Number.NaN]]);
  });

  test('numbers JavaScript writes parse back to the same double', () => {
    const values = [0.1, 299.4, 50.9 + 5.26 + 8.86 + 1.78, 1e-7, 1e21, -0.5];

    expect(parseCsvFeatureRows(values.join(','))).toEqual([values]);
  });

  test.each(['abc', '0x10', 'Infinity', 'NaN', '1;5', '1 2'])(
    'When a field is %j: an exception names its row and column, not its value',
    (field) => {
      const body = `1,2\n3,${field}`;

      expect(() => parseCsvFeatureRows(body)).toThrow('CSV row 2, column 2 is not a decimal number');
    },
  );
});
