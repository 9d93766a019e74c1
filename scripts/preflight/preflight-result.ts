/** The outcome of one preflight check. */
export interface PreflightResult {
  /** What was checked, e.g. `CDK bootstrap`. */
  readonly check: string;
  readonly ok: boolean;
  /** What was found, with the numbers compared. */
  readonly detail: string;
  /** What to change so the check passes; empty when it passed. */
  readonly fix: string;
}

/** A passed check. */
export function passed(check: string, detail: string): PreflightResult {
  return { check, ok: true, detail, fix: '' };
}

/** A failed check, with what to change. */
export function failed(check: string, detail: string, fix: string): PreflightResult {
  return { check, ok: false, detail, fix };
}
