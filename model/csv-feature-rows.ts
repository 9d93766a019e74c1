/** A plain decimal number: what the encoder writes, and nothing JavaScript's `Number` also accepts (hex, "Infinity"). */
const DECIMAL_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses a `text/csv` request body (no header) into feature rows, the way the
 * sagemaker-xgboost container reads it: one row per line, blank lines skipped, and an empty
 * field is a missing value (NaN).
 *
 * @throws SyntaxError naming the row and column (not the value) of a field that is not a decimal number
 */
export function parseCsvFeatureRows(body: string): number[][] {
  const lines = body.split(/\r?\n/).filter((line) => line.trim() !== '');
  return lines.map((line, rowIndex) =>
    line.split(',').map((field, columnIndex) => {
      const text = field.trim();
      if (text === '') return Number.NaN;
      if (!DECIMAL_NUMBER.test(text)) {
        throw new SyntaxError(`CSV row ${rowIndex + 1}, column ${columnIndex + 1} is not a decimal number`);
      }
      return Number(text);
    }),
  );
}
