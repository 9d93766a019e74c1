/** Prefixes each problem with the path of the prop group it was found in (`api.` + `throttle.rateLimit …`). */
export function under(path: string, problems: readonly string[]): string[] {
  return problems.map((problem) => `${path}.${problem}`);
}
