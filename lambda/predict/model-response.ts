/** How a model answer can be unusable; each kind has its own fault code. */
export type MalformedKind = 'Empty' | 'NotJson' | 'UnexpectedShape' | 'CountMismatch' | 'InvalidScore';

/** The endpoint answered, but not with one probability per record. */
export class MalformedModelResponseError extends Error {
  constructor(public readonly kind: MalformedKind, reason: string) {
    super(reason);
    this.name = 'MalformedModelResponseError';
  }
}

/**
 * Reads the sagemaker-xgboost container's `application/json` answer,
 * `{"predictions":[{"score":0.02}, ...]}`, checking it holds exactly `expectedCount`
 * probabilities in [0, 1].
 */
export function parseModelResponse(body: string, expectedCount: number): number[] {
  // The container answers 204 with no body to an empty request (SAGEMAKER-FACTS: serving contract).
  if (body.trim() === '') throw new MalformedModelResponseError('Empty', 'the model answered with an empty body');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new MalformedModelResponseError('NotJson', 'the model answer is not JSON');
  }
  const predictions = (parsed as { predictions?: unknown } | null)?.predictions;
  if (!Array.isArray(predictions)) {
    throw new MalformedModelResponseError('UnexpectedShape', 'the model answer has no "predictions" array');
  }
  if (predictions.length !== expectedCount) {
    throw new MalformedModelResponseError('CountMismatch', `the model returned ${predictions.length} scores for ${expectedCount} records`);
  }
  return predictions.map((prediction, index) => {
    const score = (prediction as { score?: unknown } | null)?.score;
    if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 1) {
      throw new MalformedModelResponseError('InvalidScore', `score ${index} is not a probability between 0 and 1`);
    }
    return score;
  });
}
