/** Small checks on parsed JSON values, shared by the xgboost model readers. */

/** A parsed JSON object. */
export type JsonObject = Record<string, unknown>;

/** True for a JSON object (not null, not an array). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A `*_param` scalar: xgboost writes them as strings ("5E-1", "21"); plain numbers are accepted too. */
export function numberFromParam(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return Number.NaN;
}

/** True for a whole number ≥ 0 (a count or an index). */
export function isCount(value: number): boolean {
  return Number.isInteger(value) && value >= 0;
}

/** True for an array whose items are all numbers. */
export function isNumberArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'number');
}
