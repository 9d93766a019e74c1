/**
 * Every problem found in a construct's props, in one error: `problems` lists them, each starting
 * with the prop path as the caller wrote it (`api.throttle.rateLimit must be > 0, got 0`), and the
 * message lists them one per line.
 */
export class InvalidPropsError extends Error {
  /** Each problem, prefixed with the prop path it concerns. */
  public readonly problems: readonly string[];

  /**
   * @param subject what the props configure, e.g. `ChurnPredictionService props`
   * @param problems every problem found, at least one
   */
  constructor(subject: string, problems: readonly string[]) {
    super(`Invalid ${subject}:\n- ${problems.join('\n- ')}`);
    this.name = 'InvalidPropsError';
    this.problems = [...problems];
  }
}

/** Throws an InvalidPropsError when there are problems. */
export function throwIfProblems(subject: string, problems: readonly string[]): void {
  if (problems.length > 0) throw new InvalidPropsError(subject, problems);
}
