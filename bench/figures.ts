/** One measured figure, its target and whether it met it. */
export interface Figure {
  readonly name: string;
  /** The measurement as shown, e.g. `346.0 kB`. */
  readonly value: string;
  /** The target as shown, e.g. `≤ 250 kB`; absent for figures given for information. */
  readonly target?: string;
  readonly met?: boolean;
  /** What was measured and how, in a few words. */
  readonly note?: string;
}

/** The value at fraction `p` (0..1) of the sorted samples, nearest rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank];
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 0.5);
}

/** Milliseconds since `start` (from process.hrtime.bigint()). */
export function millisSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export function formatMillis(millis: number): string {
  if (millis >= 10_000) return `${(millis / 1000).toFixed(1)} s`;
  if (millis >= 100) return `${millis.toFixed(0)} ms`;
  if (millis >= 1) return `${millis.toFixed(1)} ms`;
  return `${millis.toFixed(3)} ms`;
}

export function formatKilobytes(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} kB`;
}

/** A figure compared with a ceiling: met when `measured ≤ ceiling`. */
export function atMost(name: string, measured: number, ceiling: number, show: (value: number) => string, note?: string): Figure {
  return { name, value: show(measured), target: `≤ ${show(ceiling)}`, met: measured <= ceiling, note };
}

/** The figure as one line of the report. */
export function formatFigure(figure: Figure): string {
  const verdict = figure.met === undefined ? 'info' : figure.met ? 'PASS' : 'MISS';
  const target = figure.target === undefined ? '' : `  (target ${figure.target})`;
  const note = figure.note === undefined ? '' : `\n      ${figure.note}`;
  return `${verdict.padEnd(4)}  ${figure.name}: ${figure.value}${target}${note}`;
}
