// The summary screen's lines and keys, as pure functions: failed checks first and
// pinned (never scrolled off), then a window over the rest (headlines, tables, the
// passed checks as one count that `c` opens into a list, the manifest and catalog),
// and under it, always on screen, where the output went.
// No ink/react: components/SummaryScreen.tsx draws the lines.
import type { RunSummary } from '../engine/runner.js';
import type { Line } from '../inspect/render.js';
import { humanBytes, outputBytes } from '../headless/summary.js';
import { keysOf, type Key } from './keys.js';
import { wrapText } from './wrap.js';

export interface SummaryNav {
  /** The first line of the scrolling part shown. */
  top: number;
  /** The passed checks are listed one by one (else one line counts them). */
  expanded: boolean;
}

export const initialSummaryNav: SummaryNav = { top: 0, expanded: false };

export interface SummaryLayout {
  /** Lines pinned under the title: the failed checks (all of them when they fit). */
  pinned: Line[];
  /** The rest, scrolled in a window of `height` rows. */
  body: Line[];
  /** Under the window, always on screen: where the output went. */
  footer: Line[];
  /** Rows of the scrolling window. */
  height: number;
}

const plain = (text: string): Line => [{ text }];

/** Wraps text into lines of `width` columns, each continuation indented like the first. */
function wrapped(text: string, width: number, indent: string, style?: Line[number]['style']): Line[] {
  return wrapText(text, width, indent).map((t) => [{ text: t, style }]);
}

/**
 * The summary in lines for a terminal `width` x `rows`. The frame takes 4 rows (title, hint and
 * their blank lines), the hint 1 more (2 hint lines), and one row stays free so Ink never scrolls
 * the title off. Failures get every row they need but 3 for the window; failures beyond that go
 * first in the window.
 */
export function summaryLayout(summary: RunSummary, out: string, nav: SummaryNav, width: number, rows: number): SummaryLayout {
  const room0 = Math.max(4, rows - 6);
  const failed = summary.checks.filter((c) => !c.ok);
  const passed = summary.checks.filter((c) => c.ok && !c.info);
  const info = summary.checks.filter((c) => c.ok && c.info);
  const failedLines = failed.flatMap((c) => wrapped(`✗ FAILED ${c.name}: ${c.figure}`, width, '  ', 'bad'));
  const counts: Line = [{ text: `Integrity checks: ${passed.length} passed, ${failed.length} failed`, style: 'heading' }];

  const body: Line[] = [];
  for (const h of summary.headlines) body.push(...(h ? wrapped(h, width, '') : [plain('')]));
  if (body.length) body.push(plain(''));
  const w = Math.max(0, ...summary.tables.map((t) => t.name.length));
  body.push([{ text: 'Tables', style: 'heading' }]);
  for (const t of summary.tables) {
    body.push(plain(`  ${t.name.padEnd(w)} ${t.rows.toLocaleString('en-US').padStart(12)} rows ${(t.ms / 1000).toFixed(2).padStart(7)} s ${humanBytes(t.bytes).padStart(9)}`));
  }
  body.push(plain(''));
  if (nav.expanded) {
    for (const c of [...passed, ...info]) {
      const [first, ...rest] = wrapText(`${c.name}: ${c.figure}`, width - 4, '');
      body.push([{ text: c.info ? '  i ' : '  ✓ ', style: c.info ? 'dim' : 'ok' }, { text: first ?? '' }]);
      for (const r of rest) body.push(plain(`    ${r}`));
    }
  } else if (passed.length + info.length) {
    const what = `${passed.length} check${passed.length === 1 ? '' : 's'} passed${info.length ? ` (and ${info.length} for information)` : ''}`;
    body.push([{ text: '  ✓ ', style: 'ok' }, { text: `${what}: c lists them` }]);
  }
  const total = outputBytes(summary);
  const footer = wrapped(`Output: ${out} (${humanBytes(total)}, ${(summary.timings.totalMs / 1000).toFixed(2)} s)`, width, '  ').slice(0, 2);
  body.push(plain(''));
  body.push(...wrapped(`Manifest: ${summary.manifest}`, width, '  ', 'dim'));
  if (summary.catalog) body.push(...wrapped(`Catalog: ${summary.catalog.path}`, width, '  ', 'dim'));

  // The counts line, the failures and the output line stay on screen; what does not fit of the failures scrolls first.
  const room = Math.max(4, room0 - footer.length);
  const fits = Math.max(0, room - 1 - 3);
  const pinnedFailures = failedLines.length <= fits ? failedLines : failedLines.slice(0, Math.max(0, fits - 1));
  const overflow = failedLines.slice(pinnedFailures.length);
  const pinned = [counts, ...pinnedFailures];
  if (overflow.length) pinned.push([{ text: `  … ${overflow.length} more lines of failures below`, style: 'bad' }]);
  const window = Math.max(1, room - pinned.length);
  return { pinned, body: [...overflow, ...(overflow.length ? [plain('')] : []), ...body], footer, height: window };
}

/** Keeps the window's first line where a full window fits (or at 0 when everything fits). */
export function clampSummaryTop(top: number, count: number, height: number): number {
  return Math.min(Math.max(0, top), Math.max(0, count - height));
}

/** Applies one key: arrows and j/k scroll a line, PgUp/PgDn a page, Home/End to the ends, c opens or closes the passed checks. */
function applyKey(nav: SummaryNav, key: Key, count: number, height: number): SummaryNav {
  const page = Math.max(1, height - 1);
  const to = (top: number) => ({ ...nav, top: clampSummaryTop(top, count, height) });
  switch (key.kind) {
    case 'up':
      return to(nav.top - 1);
    case 'down':
      return to(nav.top + 1);
    case 'pageup':
      return to(nav.top - page);
    case 'pagedown':
      return to(nav.top + page);
    case 'home':
      return to(0);
    case 'end':
      return to(count);
    case 'text':
      return [...key.text].reduce((n, c) => (c === 'j' ? applyKey(n, { kind: 'down' }, count, height) : c === 'k' ? applyKey(n, { kind: 'up' }, count, height) : c === 'c' ? { ...n, expanded: !n.expanded } : n), nav);
    default:
      return nav;
  }
}

/**
 * Applies every key of a read, in order. `layoutOf` gives the body's length and window for a nav
 * (opening the checks makes the body longer); the keys the App acts on (Enter, q, i, Esc) change nothing here.
 */
export function applySummaryInput(nav: SummaryNav, input: string, layoutOf: (nav: SummaryNav) => { count: number; height: number }): SummaryNav {
  let next = nav;
  for (const key of keysOf(input)) {
    const { count, height } = layoutOf(next);
    next = applyKey(next, key, count, height);
  }
  return next;
}
