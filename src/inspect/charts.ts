// Terminal charts and figures: sparklines, share bars, compact numbers. Plain
// strings (no escape codes); render.ts decides their colour.
const TICKS = '▁▂▃▄▅▆▇█';
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** Sums adjacent counts so there are at most `width` of them (each group spans the same number of inputs, the last maybe fewer). */
export function fit(counts: readonly number[], width: number): number[] {
  if (counts.length <= width) return [...counts];
  const per = Math.ceil(counts.length / width);
  const out: number[] = [];
  for (let i = 0; i < counts.length; i += per) out.push(counts.slice(i, i + per).reduce((a, b) => a + b, 0));
  return out;
}

/** One character per count, at most `width`: a space for zero, ▁ for the smallest non-zero, █ for the largest. */
export function sparkline(counts: readonly number[], width: number): string {
  const c = fit(counts, Math.max(1, width));
  const max = Math.max(0, ...c);
  return c.map((n) => (n <= 0 || max === 0 ? ' ' : TICKS[Math.min(TICKS.length - 1, Math.max(0, Math.ceil((n / max) * TICKS.length) - 1))])).join('');
}

/** A bar `width` cells long at most, filled to `share` (0..1) in eighths of a cell. */
export function bar(share: number, width: number): string {
  const eighths = Math.round(Math.max(0, Math.min(1, share)) * width * 8);
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
}

/** A count with thousands separators. */
export const count = (n: number) => n.toLocaleString('en-US');

/** A percentage with one decimal (and "<0.1%" for a small non-zero share). */
export function percent(share: number): string {
  if (share > 0 && share < 0.001) return '<0.1%';
  return `${(100 * share).toFixed(1)}%`;
}

/** A measured value, short: integers whole, others with 2 decimals (4 significant digits below 1), exponents beyond 1e15. */
export function figure(x: number | null): string {
  if (x === null || Number.isNaN(x)) return '-';
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  if (abs >= 1e15) return x.toExponential(3);
  if (Number.isInteger(x)) return count(x);
  if (abs < 1) return String(Number(x.toPrecision(4)));
  return x.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** Text cut to `width` characters, with an ellipsis when cut. */
export function clip(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : chars.slice(0, Math.max(0, width - 1)).join('') + '…';
}

/** Display length (code points; every character synthgen draws is one cell wide). */
export const len = (text: string) => [...text].length;
