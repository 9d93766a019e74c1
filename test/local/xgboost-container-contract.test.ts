import { answerInvocation, ContainerRequest, RowScorer } from '../../local/sagemaker-runtime/xgboost-container-contract';
import { BUNDLED_MODEL, FEATURE_COUNT, GOLDEN, GOLDEN_TOLERANCE, goldenCsvRow, maxAbsDifference } from './support';

const bytes = (text: string) => new TextEncoder().encode(text);
const csvRequest = (body: string, accept?: string): ContainerRequest => ({ contentType: 'text/csv', accept, body: bytes(body) });
const jsonScores = (body: string) => (JSON.parse(body) as { predictions: { score: number }[] }).predictions.map(({ score }) => score);

/** A scorer that records the rows it was given and scores each row by its length. */
function recordingScorer(): RowScorer & { rows: number[][] } {
  const rows: number[][] = [];
  return {
    rows,
    predictProbabilities: (given) => {
      rows.push(...given.map((row) => Array.from(row)));
      return given.map((row) => row.length / 100);
    },
  };
}

describe('the sagemaker-xgboost 1.7-1 /invocations contract (local stand-in)', () => {
  describe('When the body holds CSV rows', () => {
    test('one golden row scores as xgboost 1.7.4 did, as JSON when Accept is application/json', () => {
      const answer = answerInvocation(csvRequest(goldenCsvRow(0), 'application/json'), BUNDLED_MODEL);

      expect(answer.statusCode).toBe(200);
      expect(answer.contentType).toBe('application/json');
      expect(jsonScores(answer.body)).toHaveLength(1);
      expect(Math.abs(jsonScores(answer.body)[0] - GOLDEN[0].churnProbability)).toBeLessThanOrEqual(GOLDEN_TOLERANCE);
    });

    test('a multi-row body gets one score per row, in row order', () => {
      const rows = GOLDEN.map((_, index) => goldenCsvRow(index));
      const answer = answerInvocation(csvRequest(rows.join('\n'), 'application/json'), BUNDLED_MODEL);

      expect(answer.statusCode).toBe(200);
      expect(maxAbsDifference(jsonScores(answer.body), GOLDEN.map(({ churnProbability }) => churnProbability))).toBeLessThanOrEqual(GOLDEN_TOLERANCE);
    });

    test('without Accept, or with */*, the answer is text/csv with one score per line', () => {
      const body = `${goldenCsvRow(0)}\n${goldenCsvRow(1)}`;
      for (const accept of [undefined, '*/*']) {
        const answer = answerInvocation(csvRequest(body, accept), BUNDLED_MODEL);
        expect(answer.statusCode).toBe(200);
        expect(answer.contentType).toBe('text/csv');
        const lines = answer.body.split('\n').map(Number);
        expect(maxAbsDifference(lines, [GOLDEN[0].churnProbability, GOLDEN[1].churnProbability])).toBeLessThanOrEqual(GOLDEN_TOLERANCE);
      }
    });

    test('media types are matched without parameters and case: "Text/CSV; charset=utf-8" and "Application/JSON" work', () => {
      const answer = answerInvocation({ contentType: 'Text/CSV; charset=utf-8', accept: 'Application/JSON', body: bytes(goldenCsvRow(0)) }, BUNDLED_MODEL);
      expect(answer.statusCode).toBe(200);
      expect(answer.contentType).toBe('application/json');
    });

    test('a missing Content-Type is read as text/csv, as the container does', () => {
      const answer = answerInvocation({ body: bytes(goldenCsvRow(0)) }, BUNDLED_MODEL);
      expect(answer.statusCode).toBe(200);
    });

    test('whitespace around the body is trimmed, CRLF line ends work, and an empty field is a missing value (NaN)', () => {
      const scorer = recordingScorer();
      const answer = answerInvocation(csvRequest('\n  1,,3\r\n4,5,6\n\n'), scorer);

      expect(answer.statusCode).toBe(200);
      expect(scorer.rows).toEqual([[1, Number.NaN, 3], [4, 5, 6]]);
    });
  });

  describe('When a row has the wrong number of columns', () => {
    test(`more than the model's ${FEATURE_COUNT}: 400`, () => {
      const answer = answerInvocation(csvRequest(`${goldenCsvRow(0)},1`), BUNDLED_MODEL);
      expect(answer.statusCode).toBe(400);
      expect(answer.body).toMatch(/^Unable to evaluate payload provided: .*22 values.*21/);
    });

    test('fewer: scored with the missing trailing values as NaN (so the caller must count columns)', () => {
      const short = goldenCsvRow(0).split(',').slice(0, FEATURE_COUNT - 3);
      const answer = answerInvocation(csvRequest(short.join(','), 'application/json'), BUNDLED_MODEL);

      expect(answer.statusCode).toBe(200);
      const padded = [...short.map(Number), Number.NaN, Number.NaN, Number.NaN];
      expect(jsonScores(answer.body)).toEqual([BUNDLED_MODEL.predictProbability(padded)]);
    });

    test('rows of different lengths: 415, as numpy cannot load them', () => {
      const answer = answerInvocation(csvRequest(`${goldenCsvRow(0)}\n1,2`), BUNDLED_MODEL);
      expect(answer).toEqual({
        statusCode: 415, contentType: 'text/plain; charset=utf-8', body: 'Loading csv data failed: row 2 has 2 columns, row 1 has 21',
      });
    });
  });

  describe('When the request cannot be read', () => {
    test('an empty body: 204 with no content', () => {
      expect(answerInvocation(csvRequest(''), BUNDLED_MODEL)).toMatchObject({ statusCode: 204, body: '' });
    });

    test('application/json: 415 naming the supported types', () => {
      const answer = answerInvocation({ contentType: 'application/json', body: bytes('{"a":1}') }, BUNDLED_MODEL);
      expect(answer.statusCode).toBe(415);
      expect(answer.body).toBe('Content-type application/json is not supported; supported content types: '
        + 'text/csv, text/libsvm, text/x-libsvm, application/x-recordio-protobuf.');
    });

    test('text/libsvm (which the container reads): 415 saying the stand-in does not', () => {
      const answer = answerInvocation({ contentType: 'text/libsvm', body: bytes('1:0.5') }, BUNDLED_MODEL);
      expect(answer.statusCode).toBe(415);
      expect(answer.body).toMatch(/read by the container but not by this local stand-in/);
    });

    test('a field that is not a number: 415, naming its row and column but not its value', () => {
      const answer = answerInvocation(csvRequest('1,2,3\n4,secret-value,6'), BUNDLED_MODEL);
      expect(answer.statusCode).toBe(415);
      expect(answer.body).toBe('Loading csv data failed: CSV row 2, column 2 is not a decimal number');
    });

    test('a blank row between rows: 415', () => {
      const answer = answerInvocation(csvRequest('1,2\n\n3,4'), BUNDLED_MODEL);
      expect(answer.statusCode).toBe(415);
    });
  });

  describe('When the Accept type is not served', () => {
    test('application/xml: 406 naming the container\'s accept types', () => {
      const answer = answerInvocation(csvRequest(goldenCsvRow(0), 'application/xml'), BUNDLED_MODEL);
      expect(answer.statusCode).toBe(406);
      expect(answer.body).toBe('Accept type application/xml is not supported; supported accept types: '
        + 'application/json, application/jsonlines, application/x-recordio-protobuf, text/csv.');
    });

    test('application/jsonlines (which the container writes): 406 saying the stand-in does not', () => {
      const answer = answerInvocation(csvRequest(goldenCsvRow(0), 'application/jsonlines'), BUNDLED_MODEL);
      expect(answer.statusCode).toBe(406);
      expect(answer.body).toMatch(/served by the container but not by this local stand-in/);
    });

    test('the checks run in the container\'s order: an unreadable body answers 415 before a bad Accept', () => {
      expect(answerInvocation({ contentType: 'application/json', accept: 'application/xml', body: bytes('x') }, BUNDLED_MODEL).statusCode).toBe(415);
      expect(answerInvocation(csvRequest(`${goldenCsvRow(0)},1`, 'application/xml'), BUNDLED_MODEL).statusCode).toBe(400);
    });
  });

  test('a scorer failure other than a too-long row is not hidden as a 400', () => {
    const failing: RowScorer = { predictProbabilities: () => { throw new TypeError('bug'); } };
    expect(() => answerInvocation(csvRequest('1,2'), failing)).toThrow(TypeError);
  });
});
