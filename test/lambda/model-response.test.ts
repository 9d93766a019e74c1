import { MalformedModelResponseError, parseModelResponse } from '../../lambda/predict/model-response';

/** The error parseModelResponse throws; fails the test when it returns. */
function failureOf(body: string, expectedCount: number): MalformedModelResponseError {
  try {
    parseModelResponse(body, expectedCount);
  } catch (error) {
    if (error instanceof MalformedModelResponseError) return error;
    throw error;
  }
  throw new Error('expected a MalformedModelResponseError, but the answer was accepted');
}

describe('parseModelResponse', () => {
  describe('When the answer holds one probability per record', () => {
    test('returns the scores in order', () => {
      expect(parseModelResponse('{"predictions":[{"score":0.02},{"score":0.98},{"score":0.5}]}', 3)).toEqual([0.02, 0.98, 0.5]);
    });

    test('accepts the bounds 0 and 1', () => {
      expect(parseModelResponse('{"predictions":[{"score":0},{"score":1}]}', 2)).toEqual([0, 1]);
    });

    test('keeps full double precision', () => {
      expect(parseModelResponse('{"predictions":[{"score":0.026074402034282684}]}', 1)).toEqual([0.026074402034282684]);
    });

    test('ignores other keys the container may add', () => {
      expect(parseModelResponse('{"predictions":[{"score":0.7,"predicted_label":1}],"model":"x"}', 1)).toEqual([0.7]);
    });
  });

  describe('When the answer is malformed', () => {
    test.each(['', ' \n'])('an empty answer (%j) is its own kind, Empty', (body) => {
      const error = failureOf(body, 1);
      expect(error.kind).toBe('Empty');
      expect(error.message).toBe('the model answered with an empty body');
    });

    test.each([
      ['HTML', '<html>502 Bad Gateway</html>'],
      ['CSV', '0.02\n0.98'],
      ['truncated JSON', '{"predictions":[{"score":0.02}'],
    ])('an answer that is %s is not JSON', (_, body) => {
      const error = failureOf(body, 1);
      expect(error.message).toBe('the model answer is not JSON');
      expect(error.kind).toBe('NotJson');
      expect(error.name).toBe('MalformedModelResponseError');
      expect(error).toBeInstanceOf(Error);
    });

    test.each([
      ['an empty object', '{}'],
      ['null', 'null'],
      ['a bare array', '[{"score":0.5}]'],
      ['a number', '0.5'],
      ['a string', '"0.5"'],
      ['predictions as an object', '{"predictions":{"score":0.5}}'],
      ['predictions as null', '{"predictions":null}'],
      ['a misspelled key', '{"prediction":[{"score":0.5}]}'],
    ])('an answer that is %s has no predictions array', (_, body) => {
      expect(failureOf(body, 1).message).toBe('the model answer has no "predictions" array');
      expect(failureOf(body, 1).kind).toBe('UnexpectedShape');
    });

    test.each([
      ['fewer', '{"predictions":[{"score":0.1}]}', 2, 1],
      ['more', '{"predictions":[{"score":0.1},{"score":0.2},{"score":0.3}]}', 2, 3],
      ['no', '{"predictions":[]}', 1, 0],
    ])('%s scores than records is the wrong count', (_, body, expectedCount, got) => {
      expect(failureOf(body, expectedCount).message).toBe(`the model returned ${got} scores for ${expectedCount} records`);
      expect(failureOf(body, expectedCount).kind).toBe('CountMismatch');
    });

    test.each([
      ['a string', '{"score":"0.5"}'],
      ['a boolean', '{"score":true}'],
      ['null', '{"score":null}'],
      ['an object', '{"score":{"value":0.5}}'],
      ['missing', '{"label":1}'],
      ['"NaN"', '{"score":"NaN"}'],
      ['Infinity (1e999)', '{"score":1e999}'],
      ['-Infinity (-1e999)', '{"score":-1e999}'],
      ['below 0', '{"score":-0.01}'],
      ['above 1', '{"score":1.0000001}'],
      ['a logit', '{"score":3.2}'],
    ])('a score that is %s is not a probability', (_, prediction) => {
      const error = failureOf(`{"predictions":[{"score":0.5},${prediction}]}`, 2);
      expect(error.message).toBe('score 1 is not a probability between 0 and 1');
      expect(error.kind).toBe('InvalidScore');
    });

    test.each([
      ['null', 'null'],
      ['a bare number', '0.5'],
      ['an array', '[0.5]'],
    ])('a prediction entry that is %s is not a probability', (_, entry) => {
      expect(failureOf(`{"predictions":[${entry}]}`, 1).message).toBe('score 0 is not a probability between 0 and 1');
    });
  });
});
